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
using SaeSecret.PowerShell.Http;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// Sends SAE requests: builds and signs each attempt afresh, sends it on one process-wide HttpClient,
    /// retries what is transient, and turns the answer into a result or a <see cref="SaeServiceException"/>.
    /// </summary>
    internal sealed class SaeClient
    {
        public const string ApiVersion = "2019-05-06";
        private const string JsonContentType = "application/json; charset=utf-8";

        private readonly HttpClient _http;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly bool _synchronous;
        private readonly SecretDataPlacement _placement;
        private readonly BlockingHttp? _blocking;

        /// <summary>
        /// The client cmdlets use: on PowerShell 7 the process-wide <see cref="BlockingHttp"/> on the caller's thread,
        /// else (and for a request the system proxy carries) the process-wide HttpClient, sending on the caller's thread
        /// where it can.
        /// </summary>
        public SaeClient()
            : this(SharedHttp.Client, null, synchronous: SharedHttp.SynchronousSend != null, blocking: BlockingHttp.ForCmdlets())
        {
        }

        /// <param name="synchronous">
        /// Send and wait between retries on the calling thread (the returned task is then already complete); needs a
        /// handler that implements Send, as HttpClientHandler does on .NET 5 and later.
        /// </param>
        /// <param name="placement">Where each endpoint reads SecretData; the process-wide memory when null.</param>
        /// <param name="blocking">Sends what it handles on the caller's thread (needs <paramref name="synchronous"/>); the rest goes to <paramref name="http"/>.</param>
        public SaeClient(HttpClient http, Func<TimeSpan, CancellationToken, Task>? delay = null, bool synchronous = false, SecretDataPlacement? placement = null, BlockingHttp? blocking = null)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _placement = placement ?? SecretDataPlacement.Shared;
            _synchronous = synchronous && SharedHttp.SynchronousSend != null;
            _blocking = _synchronous ? blocking : null;
            _delay = delay ?? (_synchronous ? (Func<TimeSpan, CancellationToken, Task>)SharedHttp.WaitOnThisThread : Task.Delay);
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
                var credential = lookup.Credential ?? throw new CredentialsException(ErrorIds.CredentialsNotFound,
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
            using (var message = SignedRequest.Build(operation.Method, wire.Url, wire.Query, operation.Action, operation.ApiVersion, wire.Body, JsonContentType, wire.PayloadHash, credential))
            using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCancellation.CancelAfter(timeout);
                HttpResponseMessage? response = null;
                byte[] bodyBytes;
                try
                {
                    response = _blocking != null && _blocking.Handles(message.RequestUri)
                        ? _blocking.Send(message, attemptCancellation.Token)
                        : _synchronous
                        ? SharedHttp.SynchronousSend!(_http, message, HttpCompletionOption.ResponseHeadersRead, attemptCancellation.Token)
                        : await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptCancellation.Token).ConfigureAwait(false);
                    bodyBytes = await BoundedContent.ReadAsync(response, BoundedContent.MaxBytes, _synchronous, attemptCancellation.Token).ConfigureAwait(false);
                }
                catch (ResponseTooLargeException ex)
                {
                    // Only the body read throws this, so the response is there.
                    var status = (int)response!.StatusCode;
                    response.Dispose();
                    throw new SaeServiceException(ErrorIds.ResponseTooLarge,
                        string.Format(CultureInfo.InvariantCulture, "{0} for {1}: {2} answered HTTP {3} with a body larger than {4} MiB; it was not read. The endpoint is probably not an SAE API endpoint.",
                            operation.Action, operation.Target, operation.Endpoint.GetLeftPart(UriPartial.Authority), status, ex.MaxMebibytes))
                    { HttpStatusCode = status };
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    response?.Dispose();
                    throw new SaeServiceException(ErrorIds.RequestTimedOut,
                        string.Format(CultureInfo.InvariantCulture, "{0} for {1} got no answer from {2} within {3} s.",
                            operation.Action, operation.Target, operation.Endpoint.Host, timeout.TotalSeconds))
                    { IsTransient = true };
                }
                catch (HttpRequestException ex)
                {
                    response?.Dispose();
                    // The query form's URL carries secret values: no text or exception that might quote it leaves here.
                    var reason = wire.Scrub(SharedHttp.InnermostMessage(ex));
                    var inner = wire.Quotes(ex) ? null : ex;
                    var where = operation.Endpoint.GetLeftPart(UriPartial.Authority);
                    if (SharedHttp.Has<System.Security.Authentication.AuthenticationException>(ex))
                    {
                        // A certificate the client does not trust will not become trusted by trying again.
                        throw new SaeServiceException(ErrorIds.TlsCertificateInvalid,
                            operation.Action + " for " + operation.Target + " could not establish a trusted TLS connection to " + where + ": " + reason +
                            " Check -Endpoint, and any proxy or TLS inspection between you and it.", inner);
                    }
                    throw new SaeServiceException(ErrorIds.ConnectionFailed,
                        operation.Action + " for " + operation.Target + " could not reach " + where + ": " + reason, inner)
                    {
                        IsTransient = true,
                        CertainlyNotProcessed = SharedHttp.IsRefusedConnection(ex),
                    };
                }

                using (response)
                {
                    // Some gateways prefix JSON with a UTF-8 byte-order mark; it is not part of the document.
                    int start = bodyBytes.Length >= 3 && bodyBytes[0] == 0xEF && bodyBytes[1] == 0xBB && bodyBytes[2] == 0xBF ? 3 : 0;
                    var body = Encoding.UTF8.GetString(bodyBytes, start, bodyBytes.Length - start);
                    return SaeAnswer.Interpret(operation, (int)response.StatusCode, response, body, credential);
                }
            }
        }
    }
}
