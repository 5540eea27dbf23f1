using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>One UpdateSecret call: where, which secret, and the encoded data.</summary>
    public sealed class UpdateSecretRequest
    {
        public UpdateSecretRequest(Uri endpoint, string namespaceId, long secretId, EncodedSecretData data)
        {
            Endpoint = endpoint;
            NamespaceId = namespaceId;
            SecretId = secretId;
            Data = data;
        }

        public Uri Endpoint { get; }
        public string NamespaceId { get; }
        public long SecretId { get; }
        public EncodedSecretData Data { get; }

        public string Target => NamespaceId + "/" + SecretId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Sends SAE requests: builds and signs each attempt afresh, sends it on one process-wide HttpClient,
    /// retries what is transient, and turns the answer into a result or a <see cref="SaeServiceException"/>.
    /// </summary>
    public sealed class SaeClient
    {
        public const string UpdateSecretPath = "/pop/v1/sam/secret/secret";
        public const string ApiVersion = "2019-05-06";
        private const string JsonContentType = "application/json; charset=utf-8";

        private static readonly Lazy<HttpClient> SharedHttpClient = new Lazy<HttpClient>(CreateHttpClient, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly HttpClient _http;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly bool _synchronous;

        /// <summary>
        /// HttpClient.Send (.NET 5 and later; absent on Windows PowerShell's .NET Framework), found once. A cmdlet waits
        /// for each call on its pipeline thread anyway; sending on that thread saves two thread hand-offs per record.
        /// </summary>
        private static readonly Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage> SynchronousSend = FindSynchronousSend();

        /// <summary>The client cmdlets use: the process-wide HttpClient, sending on the caller's thread where it can.</summary>
        public SaeClient()
            : this(SharedHttpClient.Value, null, synchronous: SynchronousSend != null)
        {
        }

        /// <param name="synchronous">
        /// Send and wait between retries on the calling thread (the returned task is then already complete); needs a
        /// handler that implements Send, as HttpClientHandler does on .NET 5 and later.
        /// </param>
        public SaeClient(HttpClient http, Func<TimeSpan, CancellationToken, Task> delay = null, bool synchronous = false)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _synchronous = synchronous && SynchronousSend != null;
            _delay = delay ?? (_synchronous ? (Func<TimeSpan, CancellationToken, Task>)WaitOnThisThread : Task.Delay);
        }

        private static Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage> FindSynchronousSend()
        {
            var send = typeof(HttpClient).GetMethod("Send", new[] { typeof(HttpRequestMessage), typeof(HttpCompletionOption), typeof(CancellationToken) });
            return send == null ? null
                : (Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>)Delegate.CreateDelegate(
                    typeof(Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>), send);
        }

        private static Task WaitOnThisThread(TimeSpan wait, CancellationToken cancellationToken)
        {
            cancellationToken.WaitHandle.WaitOne(wait);
            cancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }

        /// <summary>The process-wide client: keep-alive connections are reused by every pipeline and runspace.</summary>
        public static HttpClient Shared => SharedHttpClient.Value;

        private static HttpClient CreateHttpClient()
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                // Windows PowerShell 5.1 may still default to TLS 1.0; Alibaba Cloud endpoints need 1.2.
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            }
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
            ProxyPolicy.Apply(handler);
            return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public async Task<UpdateSecretResult> UpdateSecretAsync(
            UpdateSecretRequest request,
            ICredentialProvider credentials,
            RetryPolicy retry,
            Action<string> verbose,
            CancellationToken cancellationToken)
        {
            var url = new Uri(request.Endpoint, UpdateSecretPath + "?NamespaceId=" + AcsPercentEncoder.Encode(request.NamespaceId) +
                                               "&SecretId=" + request.SecretId.ToString(CultureInfo.InvariantCulture));
            var query = new[]
            {
                new KeyValuePair<string, string>("NamespaceId", request.NamespaceId),
                new KeyValuePair<string, string>("SecretId", request.SecretId.ToString(CultureInfo.InvariantCulture)),
            };
            var payloadHash = Hex.Sha256(request.Data.Body);
            int attempts = retry.MaxRetries + 1;
            bool renewedExpiredKey = false;

            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lookup = await credentials.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
                var credential = lookup.Credential ?? throw new CredentialsException(CredentialsException.NotFoundErrorId,
                    "No Alibaba Cloud credentials from " + credentials.Name + ": " + lookup.Reason);

                SaeServiceException failure;
                try
                {
                    return await SendOnceAsync(request, url, query, payloadHash, credential, retry.Timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (SaeServiceException ex)
                {
                    failure = ex;
                }

                failure.Attempts = attempt;
                // The service says the temporary key has expired: fetch a fresh one and send once more (not a transient retry).
                if (!renewedExpiredKey && CredentialRenewal.IsExpiredKeyError(failure.ErrorCode) && CredentialRenewal.Invalidate(credentials, credential))
                {
                    renewedExpiredKey = true;
                    continue;
                }
                if (!failure.IsTransient || attempt >= attempts) throw failure;

                var wait = retry.DelayBefore(attempt + 1, failure.RetryAfter);
                verbose?.Invoke(string.Format(CultureInfo.InvariantCulture, "UpdateSecret {0}: attempt {1} of {2} after {3} ms ({4})",
                    request.Target, attempt + 1, attempts, (long)wait.TotalMilliseconds, failure.ErrorCode));
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<UpdateSecretResult> SendOnceAsync(
            UpdateSecretRequest request,
            Uri url,
            KeyValuePair<string, string>[] query,
            string payloadHash,
            AlibabaCloudCredential credential,
            TimeSpan timeout,
            CancellationToken cancellationToken)
        {
            using (var message = SignedRequest.Build(HttpMethod.Put, url, query, "UpdateSecret", ApiVersion, request.Data.Body, JsonContentType, payloadHash, credential))
            using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCancellation.CancelAfter(timeout);
                HttpResponseMessage response;
                byte[] bodyBytes;
                try
                {
                    response = _synchronous
                        ? SynchronousSend(_http, message, HttpCompletionOption.ResponseContentRead, attemptCancellation.Token)
                        : await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptCancellation.Token).ConfigureAwait(false);
                    bodyBytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new SaeServiceException(ClientErrorIds.RequestTimedOut,
                        string.Format(CultureInfo.InvariantCulture, "UpdateSecret for {0} got no answer from {1} within {2} s.",
                            request.Target, request.Endpoint.Host, timeout.TotalSeconds))
                    { IsTransient = true };
                }
                catch (HttpRequestException ex)
                {
                    throw new SaeServiceException(ClientErrorIds.ConnectionFailed,
                        "UpdateSecret for " + request.Target + " could not reach " + request.Endpoint.GetLeftPart(UriPartial.Authority) + ": " + InnermostMessage(ex), ex)
                    { IsTransient = true };
                }

                using (response)
                {
                    // Some gateways prefix JSON with a UTF-8 byte-order mark; it is not part of the document.
                    int start = bodyBytes.Length >= 3 && bodyBytes[0] == 0xEF && bodyBytes[1] == 0xBB && bodyBytes[2] == 0xBF ? 3 : 0;
                    var body = Encoding.UTF8.GetString(bodyBytes, start, bodyBytes.Length - start);
                    return Interpret(request, (int)response.StatusCode, response, body, credential);
                }
            }
        }

        private static UpdateSecretResult Interpret(UpdateSecretRequest request, int status, HttpResponseMessage response, string body, AlibabaCloudCredential credential)
        {
            var retryAfter = RetryAfterOf(response);
            var headerRequestId = FirstHeader(response, "x-acs-request-id");

            if (!SaeResponse.TryParse(body, out var parsed))
            {
                var what = body.Length == 0 ? "an empty body" : "a body that is not JSON (" + DescribeContentType(response) + ")";
                throw new SaeServiceException(ClientErrorIds.InvalidResponse,
                    string.Format(CultureInfo.InvariantCulture, "UpdateSecret for {0} got HTTP {1} with {2}{3}.",
                        request.Target, status, what, headerRequestId == null ? string.Empty : ", RequestId " + headerRequestId))
                {
                    HttpStatusCode = status,
                    RequestId = headerRequestId,
                    IsTransient = status >= 500 || status == 429,
                    RetryAfter = retryAfter,
                };
            }

            var requestId = parsed.RequestId ?? headerRequestId;
            bool ok = status >= 200 && status < 300 && parsed.Success != false;
            if (ok && parsed.HasData)
            {
                return new UpdateSecretResult
                {
                    NamespaceId = request.NamespaceId,
                    SecretId = parsed.DataSecretId ?? request.SecretId,
                    Success = true,
                    Keys = request.Data.Keys,
                    RequestId = requestId,
                    TraceId = parsed.TraceId,
                    Code = parsed.Code,
                    Message = parsed.Message,
                };
            }

            string code = parsed.EffectiveErrorCode;
            if (ok)
            {
                code = ClientErrorIds.ResponseMissingData;
            }
            else if (string.IsNullOrEmpty(code) || (status >= 200 && status < 300 && code == "200"))
            {
                code = status >= 200 && status < 300 ? ClientErrorIds.OperationNotSuccessful : "HTTP" + status.ToString(CultureInfo.InvariantCulture);
            }
            var serviceMessage = Redact(parsed.Message, request.Data, credential);
            var text = ok
                ? string.Format(CultureInfo.InvariantCulture, "UpdateSecret for {0} got HTTP {1} reporting success but without Data, so the update cannot be confirmed. RequestId: {2}.", request.Target, status, requestId)
                : string.Format(CultureInfo.InvariantCulture, "UpdateSecret for {0} failed: {1} (HTTP {2}){3}{4}.",
                    request.Target, code, status,
                    string.IsNullOrEmpty(serviceMessage) ? string.Empty : ": " + serviceMessage.TrimEnd('.'),
                    requestId == null ? string.Empty : ". RequestId: " + requestId);
            throw new SaeServiceException(code, text)
            {
                HttpStatusCode = status,
                RequestId = requestId,
                TraceId = parsed.TraceId,
                HostId = parsed.HostId,
                Recommend = parsed.Recommend,
                ServiceMessage = serviceMessage,
                IsTransient = !ok && IsTransient(status, code),
                RetryAfter = retryAfter,
            };
        }

        internal static bool IsTransient(int status, string code)
        {
            if (status >= 500 || status == 429) return true;
            return code != null && (code.StartsWith("Throttling", StringComparison.Ordinal) || code.StartsWith("ServiceUnavailable", StringComparison.Ordinal));
        }

        /// <summary>Service messages may echo parameters; make sure none of ours comes back out.</summary>
        private static string Redact(string message, EncodedSecretData data, AlibabaCloudCredential credential)
        {
            if (string.IsNullOrEmpty(message)) return message;
            var sb = new StringBuilder(message);
            foreach (var value in data.Base64Values)
            {
                if (value.Length >= 4) sb.Replace(value, "***");
                var plain = TryDecodeUtf8(value);
                if (plain != null && plain.Length >= 4) sb.Replace(plain, "***");
            }
            sb.Replace(credential.AccessKeySecret, "***");
            if (credential.SecurityToken != null) sb.Replace(credential.SecurityToken, "***");
            return sb.ToString();
        }

        private static string TryDecodeUtf8(string base64)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return null;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var value = FirstHeader(response, "x-acs-retry-after");
            if (value != null && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
            return null;
        }

        private static string FirstHeader(HttpResponseMessage response, string name)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                foreach (var v in values) return v;
            }
            return null;
        }

        private static string DescribeContentType(HttpResponseMessage response) =>
            response.Content?.Headers.ContentType?.MediaType ?? "no content type";

        private static string InnermostMessage(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex.Message;
        }
    }

    /// <summary>ErrorIds for failures that have no service error code.</summary>
    public static class ClientErrorIds
    {
        public const string ConnectionFailed = "ConnectionFailed";
        public const string RequestTimedOut = "RequestTimedOut";
        public const string InvalidResponse = "InvalidResponse";
        public const string ResponseMissingData = "ResponseMissingData";
        public const string OperationNotSuccessful = "OperationNotSuccessful";
    }
}
