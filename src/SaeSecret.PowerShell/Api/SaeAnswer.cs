using System;
using System.Globalization;
using System.Net.Http;
using SaeSecret.PowerShell.Http;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// What an SAE answer means: a result through the operation's mapper, or a <see cref="SaeServiceException"/> that
    /// says whether it may be retried, when, and whether SecretData was read. Server text is made inert and every value
    /// sent is redacted from it.
    /// </summary>
    internal static class SaeAnswer
    {
        /// <summary>The codes with which a gateway says a mandatory parameter was not in the request.</summary>
        private static readonly string[] MissingParameterCodes = { "InvalidParameter.NotEmpty", "MissingSecretData", "MissingParameter" };

        /// <summary>A 400 saying SecretData is missing: the body was not read, so nothing was changed.</summary>
        public static bool SaysSecretDataIsMissing(int status, SaeResponse parsed)
        {
            if (status != 400) return false;
            var code = parsed.EffectiveErrorCode;
            return Array.IndexOf(MissingParameterCodes, code) >= 0
                && parsed.Message != null && parsed.Message.IndexOf("SecretData", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        public static TResult Interpret<TResult>(SaeOperation<TResult> operation, int status, HttpResponseMessage response, string body, AlibabaCloudCredential credential)
        {
            var retryAfter = RetryAfterOf(response);
            var headerRequestId = SharedHttp.FirstHeader(response, "x-acs-request-id");

            if (!SaeResponse.TryParse(body, out var parsed))
            {
                var what = body.Length == 0 ? "an empty body" : "a body that is not JSON (" + DescribeContentType(response) + ")";
                throw new SaeServiceException(ErrorIds.InvalidResponse,
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
            if (ok && (parsed.HasData || !operation.AnswerInData))
            {
                parsed.RequestId = requestId;
                parsed.SignedWith = credential;
                return operation.Map(parsed);
            }

            string? code = parsed.EffectiveErrorCode;
            if (ok)
            {
                code = ErrorIds.ResponseMissingData;
            }
            else if (code == null || code.Length == 0 || (status >= 200 && status < 300 && code == "200"))
            {
                code = status >= 200 && status < 300 ? ErrorIds.OperationNotSuccessful : "HTTP" + status.ToString(CultureInfo.InvariantCulture);
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

        public static bool IsTransient(int status, string code)
        {
            if (status >= 500 || status == 429) return true;
            return code != null && (code.StartsWith("Throttling", StringComparison.Ordinal) || code.StartsWith("ServiceUnavailable", StringComparison.Ordinal));
        }

        /// <summary>
        /// The server's retry hint: x-acs-retry-after (milliseconds), else Retry-After (seconds or a date). Capped at
        /// <see cref="RetryPolicy.RetryHintCeiling"/> before any conversion, so no value can overflow.
        /// </summary>
        public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var ceiling = RetryPolicy.RetryHintCeiling;
            var value = SharedHttp.FirstHeader(response, "x-acs-retry-after")?.Trim();
            if (value != null && value.Length > 0 && IsDigits(value))
            {
                return value.Length > 9 || long.Parse(value, CultureInfo.InvariantCulture) > ceiling.TotalMilliseconds
                    ? ceiling : TimeSpan.FromMilliseconds(long.Parse(value, CultureInfo.InvariantCulture));
            }
            var retryAfter = SharedHttp.FirstHeader(response, "Retry-After")?.Trim();
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

        private static string DescribeContentType(HttpResponseMessage response) =>
            response.Content?.Headers.ContentType?.MediaType ?? "no content type";

    }
}
