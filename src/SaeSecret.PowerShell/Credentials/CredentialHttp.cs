using System;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>A credential endpoint's answer: status and body text.</summary>
    internal sealed class CredentialHttpAnswer
    {
        public CredentialHttpAnswer(int status, string body)
        {
            Status = status;
            Body = body;
        }

        public int Status { get; }
        public string Body { get; }
        public bool IsSuccess => Status >= 200 && Status < 300;
    }

    /// <summary>The request got no HTTP answer at all: no connection, or no answer in time.</summary>
    internal sealed class CredentialHttpException : Exception
    {
        public CredentialHttpException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Sends one credential request with its own timeout on the process-wide HttpClient.</summary>
    internal static class CredentialHttp
    {
        private static readonly Lazy<HttpClient> DirectClient = new Lazy<HttpClient>(
            () => new HttpClient(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan },
            LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>
        /// A client that never uses a proxy: instance metadata is link-local, and a proxy (HTTP_PROXY) answering in its
        /// place would look like a broken metadata service, or carry the instance's keys through the proxy.
        /// </summary>
        public static HttpClient Direct => DirectClient.Value;

        public static async Task<CredentialHttpAnswer> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using (request)
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(timeout);
                try
                {
                    using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false))
                    {
                        var bytes = await Http.BoundedContent.ReadAsync(response, Http.BoundedContent.MaxBytes, false, attempt.Token).ConfigureAwait(false);
                        return new CredentialHttpAnswer((int)response.StatusCode, Encoding.UTF8.GetString(bytes));
                    }
                }
                catch (Http.ResponseTooLargeException ex)
                {
                    throw new CredentialHttpException("the answer is larger than " + ex.MaxMebibytes + " MiB and was not read");
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new CredentialHttpException(string.Format(CultureInfo.InvariantCulture, "no answer within {0} s", timeout.TotalSeconds));
                }
                catch (HttpRequestException ex)
                {
                    throw new CredentialHttpException("could not connect (" + Http.ServerText.Inert(Innermost(ex).Message).TrimEnd('.') + ")");
                }
            }
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }
    }
}
