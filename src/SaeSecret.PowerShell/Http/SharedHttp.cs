using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// The process-wide HttpClient every SAE, STS and credential call goes through, how it sends on the caller's
    /// thread where the runtime can, and what a failed send means.
    /// </summary>
    internal static class SharedHttp
    {
        private static readonly Lazy<HttpClient> SharedHttpClient = new Lazy<HttpClient>(Create, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>
        /// HttpClient.Send (.NET 5 and later; absent on Windows PowerShell's .NET Framework), found once. A cmdlet waits
        /// for each call on its pipeline thread anyway; sending on that thread saves two thread hand-offs per record.
        /// </summary>
        public static readonly Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? SynchronousSend = FindSynchronousSend();

        private static Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>? FindSynchronousSend()
        {
            var send = typeof(HttpClient).GetMethod("Send", new[] { typeof(HttpRequestMessage), typeof(HttpCompletionOption), typeof(CancellationToken) });
            return send == null ? null
                : (Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>)Delegate.CreateDelegate(
                    typeof(Func<HttpClient, HttpRequestMessage, HttpCompletionOption, CancellationToken, HttpResponseMessage>), send);
        }

        public static Task WaitOnThisThread(TimeSpan wait, CancellationToken cancellationToken)
        {
            cancellationToken.WaitHandle.WaitOne(wait);
            cancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }

        /// <summary>The process-wide client: keep-alive connections are reused by every pipeline and runspace.</summary>
        public static HttpClient Client => SharedHttpClient.Value;

        /// <summary>A new client with the module's settings; the process keeps one (<see cref="Client"/>), tests build their own.</summary>
        public static HttpClient Create()
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

        public static bool Has<TException>(Exception ex) where TException : Exception
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is TException) return true;
            }
            return false;
        }

        /// <summary>A connection that was refused or whose host was not found never carried the request.</summary>
        public static bool IsRefusedConnection(Exception ex)
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

        public static string? FirstHeader(HttpResponseMessage response, string name)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                foreach (var v in values) return ServerText.Inert(v);
            }
            return null;
        }

        /// <summary>The root cause's message; it may quote what the server sent (a malformed header line), so it is made inert.</summary>
        public static string InnermostMessage(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ServerText.Inert(ex.Message);
        }
    }
}
