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
    internal sealed class UpdateSecretRequest
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
    internal sealed class SaeClient
    {
        public const string ApiVersion = "2019-05-06";
        private const string JsonContentType = "application/json; charset=utf-8";

        private static readonly Lazy<HttpClient> SharedHttpClient = new Lazy<HttpClient>(CreateHttpClient, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly HttpClient _http;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly bool _synchronous;
        private readonly SecretDataPlacement _placement;

        /// <summary>
        /// HttpClient.Send (.NET 5 and later; absent on Windows PowerShell's .NET Framework), found once. A cmdlet waits
        /// for each call on its pipeline thread anyway; sending on that thread saves two thread hand-offs per record.
        /// </summary>
        private static readonly Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? SynchronousSend = FindSynchronousSend();

        /// <summary>The client cmdlets use: the process-wide HttpClient, sending on the caller's thread where it can.</summary>
        public SaeClient()
            : this(SharedHttpClient.Value, null, synchronous: SynchronousSend != null)
        {
        }

        /// <param name="synchronous">
        /// Send and wait between retries on the calling thread (the returned task is then already complete); needs a
        /// handler that implements Send, as HttpClientHandler does on .NET 5 and later.
        /// </param>
        /// <param name="placement">Where each endpoint reads SecretData; the process-wide memory when null.</param>
        public SaeClient(HttpClient http, Func<TimeSpan, CancellationToken, Task>? delay = null, bool synchronous = false, SecretDataPlacement? placement = null)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _placement = placement ?? SecretDataPlacement.Shared;
            _synchronous = synchronous && SynchronousSend != null;
            _delay = delay ?? (_synchronous ? (Func<TimeSpan, CancellationToken, Task>)WaitOnThisThread : Task.Delay);
        }

        private static Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? FindSynchronousSend()
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

        /// <summary>A new client with the module's settings; the process keeps one (<see cref="Shared"/>), tests build their own.</summary>
        internal static HttpClient CreateHttpClient()
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

        /// <summary>UpdateSecret: replaces the secret's whole data map.</summary>
        public Task<UpdateSecretResult> UpdateSecretAsync(
            UpdateSecretRequest request,
            ICredentialProvider credentials,
            RetryPolicy retry,
            Action<string>? verbose,
            CancellationToken cancellationToken)
        {
            var operation = SaeOperations.UpdateSecret(request.Endpoint, request.NamespaceId, request.SecretId, request.Data);
            return SendAsync(operation, credentials, retry, verbose, cancellationToken);
        }

        /// <summary>
        /// Sends one operation: signs every attempt afresh, places SecretData where the endpoint reads it (falling back
        /// from the body to the query once, when the answer proves the body was not read), retries what is transient,
        /// and maps the answer.
        /// </summary>
        public async Task<TResult> SendAsync<TResult>(
            SaeOperation<TResult> operation,
            ICredentialProvider credentials,
            RetryPolicy retry,
            Action<string>? verbose,
            CancellationToken cancellationToken)
        {
            bool forced = false;
            var location = operation.SecretData == null ? SecretDataLocation.Body : _placement.For(operation.Endpoint, out forced);
            var wire = WireRequest.For(operation, location);
            if (operation.SecretData != null && verbose != null && FirstReportFor(operation.Endpoint))
            {
                verbose(string.Format(CultureInfo.InvariantCulture, "SecretData travels to {0} in the request {1}{2}.",
                    operation.Endpoint.GetLeftPart(UriPartial.Authority),
                    location == SecretDataLocation.Body ? "body" : "query",
                    forced ? " (set by " + SecretDataPlacement.EnvironmentVariable + ")"
                        : location == SecretDataLocation.Query ? " (this endpoint did not read it from the body earlier)" : string.Empty));
            }
            int attempts = retry.MaxRetries + 1;
            // Time spent sending plus time spent waiting (the wait function may be a test's, which does not sleep).
            var sending = System.Diagnostics.Stopwatch.StartNew();
            var waited = TimeSpan.Zero;
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
                    return await SendOnceAsync(operation, wire, credential, retry.Timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (SaeServiceException ex)
                {
                    failure = ex;
                }

                if (failure.SecretDataNotRead && wire.Location == SecretDataLocation.Body && operation.SecretData != null && !forced)
                {
                    // Nothing was changed: the same text goes once more, in the query. Not a retry, so the attempt is not counted.
                    _placement.RememberQuery(operation.Endpoint);
                    verbose?.Invoke(string.Format(CultureInfo.InvariantCulture,
                        "{0} {1}: {2} did not read SecretData from the request body ({3}); sending it in the query, as for every later call to this endpoint.",
                        operation.Action, operation.Target, operation.Endpoint.GetLeftPart(UriPartial.Authority), failure.ErrorCode));
                    wire = WireRequest.For(operation, SecretDataLocation.Query);
                    attempt--;
                    continue;
                }

                failure.Attempts = attempt;
                // The service says the temporary key has expired: fetch a fresh one and send once more (not a transient retry).
                if (!renewedExpiredKey && CredentialRenewal.IsExpiredKeyError(failure.ErrorCode) && CredentialRenewal.Invalidate(credentials, credential))
                {
                    renewedExpiredKey = true;
                    continue;
                }
                if (!failure.IsTransient || attempt >= attempts) throw failure;
                if (!operation.Idempotent && !failure.CertainlyNotProcessed) throw failure;

                var wait = retry.DelayBefore(attempt + 1, failure.RetryAfter);
                if (sending.Elapsed + waited + wait > retry.Deadline)
                {
                    verbose?.Invoke(string.Format(CultureInfo.InvariantCulture, "{0} {1}: no attempt {2}: it would start more than {3} s after the first ({4})",
                        operation.Action, operation.Target, attempt + 1, retry.Deadline.TotalSeconds, failure.ErrorCode));
                    throw failure;
                }
                verbose?.Invoke(string.Format(CultureInfo.InvariantCulture, "{0} {1}: attempt {2} of {3} after {4} ms ({5})",
                    operation.Action, operation.Target, attempt + 1, attempts, (long)wait.TotalMilliseconds, failure.ErrorCode));
                sending.Stop();
                await _delay(wait, cancellationToken).ConfigureAwait(false);
                waited += wait;
                sending.Start();
            }
        }

        private readonly HashSet<string> _reportedEndpoints = new HashSet<string>(StringComparer.Ordinal);

        private bool FirstReportFor(Uri endpoint)
        {
            lock (_reportedEndpoints) return _reportedEndpoints.Add(SecretDataPlacement.KeyOf(endpoint));
        }

        private async Task<TResult> SendOnceAsync<TResult>(
            SaeOperation<TResult> operation,
            WireRequest wire,
            AlibabaCloudCredential credential,
            TimeSpan timeout,
            CancellationToken cancellationToken)
        {
            using (var message = SignedRequest.Build(operation.Method, wire.Url, wire.Query, operation.Action, ApiVersion, wire.Body, JsonContentType, wire.PayloadHash, credential))
            using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCancellation.CancelAfter(timeout);
                HttpResponseMessage? response = null;
                byte[] bodyBytes;
                try
                {
                    response = _synchronous
                        ? SynchronousSend!(_http, message, HttpCompletionOption.ResponseHeadersRead, attemptCancellation.Token)
                        : await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptCancellation.Token).ConfigureAwait(false);
                    bodyBytes = await BoundedContent.ReadAsync(response, BoundedContent.MaxBytes, _synchronous, attemptCancellation.Token).ConfigureAwait(false);
                }
                catch (ResponseTooLargeException ex)
                {
                    // Only the body read throws this, so the response is there.
                    var status = (int)response!.StatusCode;
                    response.Dispose();
                    throw new SaeServiceException(ClientErrorIds.ResponseTooLarge,
                        string.Format(CultureInfo.InvariantCulture, "{0} for {1}: {2} answered HTTP {3} with a body larger than {4} MiB; it was not read. The endpoint is probably not an SAE API endpoint.",
                            operation.Action, operation.Target, operation.Endpoint.GetLeftPart(UriPartial.Authority), status, ex.MaxMebibytes))
                    { HttpStatusCode = status };
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    response?.Dispose();
                    throw new SaeServiceException(ClientErrorIds.RequestTimedOut,
                        string.Format(CultureInfo.InvariantCulture, "{0} for {1} got no answer from {2} within {3} s.",
                            operation.Action, operation.Target, operation.Endpoint.Host, timeout.TotalSeconds))
                    { IsTransient = true };
                }
                catch (HttpRequestException ex)
                {
                    response?.Dispose();
                    // The query form's URL carries secret values: no text or exception that might quote it leaves here.
                    var reason = wire.Scrub(InnermostMessage(ex));
                    var inner = wire.Quotes(ex) ? null : ex;
                    var where = operation.Endpoint.GetLeftPart(UriPartial.Authority);
                    if (Has<System.Security.Authentication.AuthenticationException>(ex))
                    {
                        // A certificate the client does not trust will not become trusted by trying again.
                        throw new SaeServiceException(ClientErrorIds.TlsCertificateInvalid,
                            operation.Action + " for " + operation.Target + " could not establish a trusted TLS connection to " + where + ": " + reason +
                            " Check -Endpoint, and any proxy or TLS inspection between you and it.", inner);
                    }
                    throw new SaeServiceException(ClientErrorIds.ConnectionFailed,
                        operation.Action + " for " + operation.Target + " could not reach " + where + ": " + reason, inner)
                    {
                        IsTransient = true,
                        CertainlyNotProcessed = IsRefusedConnection(ex),
                    };
                }

                using (response)
                {
                    // Some gateways prefix JSON with a UTF-8 byte-order mark; it is not part of the document.
                    int start = bodyBytes.Length >= 3 && bodyBytes[0] == 0xEF && bodyBytes[1] == 0xBB && bodyBytes[2] == 0xBF ? 3 : 0;
                    var body = Encoding.UTF8.GetString(bodyBytes, start, bodyBytes.Length - start);
                    return Interpret(operation, (int)response.StatusCode, response, body, credential);
                }
            }
        }

        private static bool Has<TException>(Exception ex) where TException : Exception
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is TException) return true;
            }
            return false;
        }

        /// <summary>A connection that was refused or whose host was not found never carried the request.</summary>
        private static bool IsRefusedConnection(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is System.Net.Sockets.SocketException socket)
                {
                    return socket.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused
                        || socket.SocketErrorCode == System.Net.Sockets.SocketError.HostNotFound
                        || socket.SocketErrorCode == System.Net.Sockets.SocketError.NoData;
                }
            }
            return false;
        }

        /// <summary>The codes with which a gateway says a mandatory parameter was not in the request.</summary>
        private static readonly string[] MissingParameterCodes = { "InvalidParameter.NotEmpty", "MissingSecretData", "MissingParameter" };

        /// <summary>A 400 saying SecretData is missing: the body was not read, so nothing was changed.</summary>
        internal static bool SaysSecretDataIsMissing(int status, SaeResponse parsed)
        {
            if (status != 400) return false;
            var code = parsed.EffectiveErrorCode;
            return Array.IndexOf(MissingParameterCodes, code) >= 0
                && parsed.Message != null && parsed.Message.IndexOf("SecretData", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        private static TResult Interpret<TResult>(SaeOperation<TResult> operation, int status, HttpResponseMessage response, string body, AlibabaCloudCredential credential)
        {
            var retryAfter = RetryAfterOf(response);
            var headerRequestId = FirstHeader(response, "x-acs-request-id");

            if (!SaeResponse.TryParse(body, out var parsed))
            {
                var what = body.Length == 0 ? "an empty body" : "a body that is not JSON (" + DescribeContentType(response) + ")";
                throw new SaeServiceException(ClientErrorIds.InvalidResponse,
                    string.Format(CultureInfo.InvariantCulture, "{0} for {1} got HTTP {2} with {3}{4}.",
                        operation.Action, operation.Target, status, what, headerRequestId == null ? string.Empty : ", RequestId " + headerRequestId))
                {
                    HttpStatusCode = status,
                    RequestId = headerRequestId,
                    IsTransient = status >= 500 || status == 429,
                    CertainlyNotProcessed = status == 429,
                    RetryAfter = retryAfter,
                };
            }

            var requestId = parsed.RequestId ?? headerRequestId;
            bool ok = status >= 200 && status < 300 && parsed.Success != false;
            if (ok && parsed.HasData)
            {
                parsed.RequestId = requestId;
                return operation.Map(parsed);
            }

            string? code = parsed.EffectiveErrorCode;
            if (ok)
            {
                code = ClientErrorIds.ResponseMissingData;
            }
            else if (code == null || code.Length == 0 || (status >= 200 && status < 300 && code == "200"))
            {
                code = status >= 200 && status < 300 ? ClientErrorIds.OperationNotSuccessful : "HTTP" + status.ToString(CultureInfo.InvariantCulture);
            }
            var serviceMessage = EchoRedactor.Redact(parsed.Message, operation.SecretData, credential);
            var text = ok
                ? string.Format(CultureInfo.InvariantCulture, "{0} for {1} got HTTP {2} reporting success but without Data, so the call cannot be confirmed. RequestId: {3}.", operation.Action, operation.Target, status, requestId)
                : string.Format(CultureInfo.InvariantCulture, "{0} for {1} failed: {2} (HTTP {3}){4}{5}.",
                    operation.Action, operation.Target, code, status,
                    string.IsNullOrEmpty(serviceMessage) ? string.Empty : ": " + serviceMessage!.TrimEnd('.'),
                    requestId == null ? string.Empty : ". RequestId: " + requestId);
            bool transient = !ok && IsTransient(status, code);
            throw new SaeServiceException(code, text)
            {
                HttpStatusCode = status,
                RequestId = requestId,
                TraceId = parsed.TraceId,
                HostId = parsed.HostId,
                Recommend = parsed.Recommend,
                ServiceMessage = serviceMessage,
                IsTransient = transient,
                CertainlyNotProcessed = transient && (status == 429 || code.StartsWith("Throttling", StringComparison.Ordinal)),
                SecretDataNotRead = !ok && SaysSecretDataIsMissing(status, parsed),
                RetryAfter = retryAfter,
            };
        }

        internal static bool IsTransient(int status, string code)
        {
            if (status >= 500 || status == 429) return true;
            return code != null && (code.StartsWith("Throttling", StringComparison.Ordinal) || code.StartsWith("ServiceUnavailable", StringComparison.Ordinal));
        }

        /// <summary>
        /// The server's retry hint: x-acs-retry-after (milliseconds), else Retry-After (seconds or a date). Capped at
        /// <see cref="RetryPolicy.RetryHintCeiling"/> before any conversion, so no value can overflow.
        /// </summary>
        internal static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var ceiling = RetryPolicy.RetryHintCeiling;
            var value = FirstHeader(response, "x-acs-retry-after")?.Trim();
            if (value != null && value.Length > 0 && IsDigits(value))
            {
                return value.Length > 9 || long.Parse(value, CultureInfo.InvariantCulture) > ceiling.TotalMilliseconds
                    ? ceiling : TimeSpan.FromMilliseconds(long.Parse(value, CultureInfo.InvariantCulture));
            }
            var retryAfter = FirstHeader(response, "Retry-After")?.Trim();
            if (retryAfter == null || retryAfter.Length == 0) return null;
            if (IsDigits(retryAfter))
            {
                return retryAfter.Length > 6 || long.Parse(retryAfter, CultureInfo.InvariantCulture) > ceiling.TotalSeconds
                    ? ceiling : TimeSpan.FromSeconds(long.Parse(retryAfter, CultureInfo.InvariantCulture));
            }
            if (DateTimeOffset.TryParseExact(retryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > ceiling ? ceiling : wait;
            }
            return null;
        }

        private static bool IsDigits(string text)
        {
            foreach (var c in text)
            {
                if (c < '0' || c > '9') return false;
            }
            return true;
        }

        private static string? FirstHeader(HttpResponseMessage response, string name)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                foreach (var v in values) return ServerText.Inert(v);
            }
            return null;
        }

        private static string DescribeContentType(HttpResponseMessage response) =>
            response.Content?.Headers.ContentType?.MediaType ?? "no content type";

        /// <summary>The root cause's message; it may quote what the server sent (a malformed header line), so it is made inert.</summary>
        private static string InnermostMessage(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ServerText.Inert(ex.Message);
        }
    }

    /// <summary>ErrorIds for failures that have no service error code.</summary>
    internal static class ClientErrorIds
    {
        public const string ConnectionFailed = "ConnectionFailed";
        public const string RequestTimedOut = "RequestTimedOut";
        public const string InvalidResponse = "InvalidResponse";
        public const string ResponseMissingData = "ResponseMissingData";
        public const string OperationNotSuccessful = "OperationNotSuccessful";
        public const string ResponseTooLarge = "ResponseTooLarge";
        public const string TlsCertificateInvalid = "TlsCertificateInvalid";
        public const string InvalidHeaderValue = "InvalidHeaderValue";
    }
}
