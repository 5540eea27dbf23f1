using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// The cmdlets' transport on PowerShell 7: HTTP/1.1 on blocking sockets, sent and read on the caller's thread, with
    /// kept-alive connections shared by the process.
    /// <para>
    /// Why not HttpClient.Send: the runtime's sockets are non-blocking, so each synchronous read that finds no answer
    /// yet waits for the socket engine's thread, which hands the readiness to a thread-pool thread, which wakes the
    /// reader; over https the runtime also reads ahead asynchronously on every reused connection. Here the kernel wakes
    /// the reading thread itself, for http and https alike (the TLS handshake and every read are synchronous), at about
    /// a third of the CPU per call.
    /// </para>
    /// <para>
    /// What it does not do is left to the shared HttpClient (<see cref="Handles"/> says which requests come here): a
    /// request the system proxy would carry, any scheme but http and https. The same behaviour otherwise: no redirects,
    /// no cookies, gzip and deflate asked for and decoded, the system's TLS versions and certificate checks, no
    /// revocation check, connections idle for a minute closed, a reused connection the server had already closed
    /// replaced once, failures as HttpRequestException with the socket or TLS error inside, and cancellation as
    /// OperationCanceledException. Every buffer that held a request or an answer is wiped.
    /// </para>
    /// </summary>
    internal sealed class BlockingHttp
    {
        /// <summary>Set to HttpClient to send every call through the runtime's HttpClient instead.</summary>
        public const string TransportVariable = "SAESECRET_TRANSPORT";

        private static readonly Lazy<BlockingHttp> SharedInstance = new Lazy<BlockingHttp>(() => new BlockingHttp(ProxyPolicy.SystemDefault), LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly IWebProxy _proxy;
        private readonly RemoteCertificateValidationCallback? _certificateCheck;
        private readonly long _idleTicks;
        private readonly Dictionary<string, Stack<BlockingConnection>> _idle = new Dictionary<string, Stack<BlockingConnection>>(StringComparer.Ordinal);

        /// <param name="certificateCheck">Tests only: accepts a test server's certificate; null is the system's check.</param>
        internal BlockingHttp(IWebProxy proxy, RemoteCertificateValidationCallback? certificateCheck = null, TimeSpan? idleTimeout = null)
        {
            _proxy = proxy;
            _certificateCheck = certificateCheck;
            _idleTicks = (long)((idleTimeout ?? TimeSpan.FromMinutes(1)).TotalSeconds * Stopwatch.Frequency);
        }

        /// <summary>
        /// The process-wide instance the cmdlets use, or null where they send through HttpClient: on .NET Framework
        /// (Windows PowerShell 5.1, where HttpClient has no synchronous Send either) and when
        /// <see cref="TransportVariable"/> is HttpClient.
        /// </summary>
        public static BlockingHttp? ForCmdlets(Func<string, string?>? environment = null)
        {
            if (SharedHttp.SynchronousSend == null) return null;
            var choice = (environment ?? Environment.GetEnvironmentVariable)(TransportVariable);
            return string.Equals(choice?.Trim(), "HttpClient", StringComparison.OrdinalIgnoreCase) ? null : SharedInstance.Value;
        }

        /// <summary>
        /// Whether this request is sent here: from a thread of its own (not the thread pool's), http or https (where
        /// <see cref="TlsPending"/> can see what TLS holds), and no proxy for it (asked on every request, as HttpClient does).
        /// </summary>
        public bool Handles(Uri uri)
        {
            // A blocked thread-pool thread can delay the very timer that would end its call (a -Verbose call runs on one).
            if (Thread.CurrentThread.IsThreadPoolThread) return false;
            if (uri.Scheme != Uri.UriSchemeHttp && (uri.Scheme != Uri.UriSchemeHttps || !TlsPending.Supported)) return false;
            if (_proxy.IsBypassed(uri)) return true;
            var proxy = _proxy.GetProxy(uri);
            return proxy == null || proxy == uri;
        }

        /// <summary>
        /// Sends the request and reads the answer's head; the body is read from the answer's content, and the connection
        /// goes back to the pool once all of it has been read (disposing the answer earlier closes the connection).
        /// </summary>
        public HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
            var key = KeyOf(uri);
            using (var bytes = RequestBytes.Of(request))
            {
                for (int attempt = 1; ; attempt++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // The one retry below always takes a new connection: another idle one may be just as stale.
                    var connection = attempt == 1 ? TakeIdle(key) : null;
                    bool reused = connection != null;
                    bool written = false;
                    HttpResponseMessage response;
                    try
                    {
                        if (connection == null) connection = Open(uri, key, cancellationToken);
                        using (cancellationToken.Register(c => ((BlockingConnection)c!).Dispose(), connection))
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            connection.Write(bytes.Buffer, bytes.Length);
                            written = true;
                            response = connection.ReadResponse(request.Method, this);
                        }
                        // An answer without a body frees its connection only now, when a cancellation can no longer close it.
                        connection.FinishEmptyBody();
                        return response;
                    }
                    catch (Exception ex)
                    {
                        connection?.Dispose();
                        if (cancellationToken.IsCancellationRequested)
                        {
                            if (ex is OperationCanceledException) throw;
                            throw new OperationCanceledException("The request was cancelled.", ex, cancellationToken);
                        }
                        // A kept-alive connection the server had closed (its idle timeout racing our request): once more on a
                        // new connection when the server cannot have acted on the request, as HttpClient does: it failed before
                        // the request was written, or it had no body and the close was orderly before any answer byte. A
                        // request with a body, a reset or a partial answer is not sent again here (that is SaeClient's call).
                        bool unsent = !written && (ex is IOException || ex is SocketException);
                        bool closedBeforeAnswer = ex is ConnectionClosedException && request.Content == null;
                        if (reused && attempt == 1 && (unsent || closedBeforeAnswer)) continue;
                        if (ex is HttpRequestException) throw;
                        throw new HttpRequestException("An error occurred while sending the request to " + uri.GetLeftPart(UriPartial.Authority) + ".", ex);
                    }
                }
            }
        }

        internal static string KeyOf(Uri uri) => uri.Scheme + "://" + uri.Host + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>How many idle connections the pool holds for this address (tests).</summary>
        internal int IdleCount(Uri uri)
        {
            lock (_idle) return _idle.TryGetValue(KeyOf(uri), out var stack) ? stack.Count : 0;
        }

        /// <summary>A connection whose answer was read to its end, for the next request to the same address.</summary>
        internal void Return(BlockingConnection connection)
        {
            connection.IdleSince = Stopwatch.GetTimestamp();
            lock (_idle)
            {
                if (!_idle.TryGetValue(connection.Key, out var stack)) _idle[connection.Key] = stack = new Stack<BlockingConnection>();
                stack.Push(connection);
                // Connections nobody asks for again are closed by a sweep every half idle time, as HttpClient's pool does.
                if (_sweeper == null && _idleTicks > 0)
                {
                    var period = TimeSpan.FromSeconds(Math.Max(1, _idleTicks / (double)Stopwatch.Frequency / 2));
                    _sweeper = new Timer(s => ((BlockingHttp)s!).Sweep(), this, period, period);
                }
            }
        }

        private Timer? _sweeper;

        /// <summary>Closes the idle connections past the idle time or closed by the server.</summary>
        internal void Sweep()
        {
            var now = Stopwatch.GetTimestamp();
            var closing = new List<BlockingConnection>();
            lock (_idle)
            {
                foreach (var key in new List<string>(_idle.Keys))
                {
                    var kept = new List<BlockingConnection>();
                    foreach (var connection in _idle[key])
                    {
                        if (IsReusable(connection, now)) kept.Add(connection);
                        else closing.Add(connection);
                    }
                    if (kept.Count == 0)
                    {
                        _idle.Remove(key);
                        continue;
                    }
                    kept.Reverse();
                    _idle[key] = new Stack<BlockingConnection>(kept);
                }
                StopSweepingWhenEmpty();
            }
            foreach (var connection in closing) connection.Dispose();
        }

        /// <summary>Idle for less than the idle time, and nothing arrived on it nor did the server close it.</summary>
        private bool IsReusable(BlockingConnection connection, long now) => now - connection.IdleSince < _idleTicks && connection.IsQuiet();

        private void StopSweepingWhenEmpty()
        {
            // Called under the lock: an empty pool needs no timer (and a timer would keep this instance alive).
            if (_idle.Count != 0 || _sweeper == null) return;
            _sweeper.Dispose();
            _sweeper = null;
        }

        private BlockingConnection? TakeIdle(string key)
        {
            while (true)
            {
                BlockingConnection connection;
                lock (_idle)
                {
                    if (!_idle.TryGetValue(key, out var stack) || stack.Count == 0) return null;
                    connection = stack.Pop();
                }
                if (IsReusable(connection, Stopwatch.GetTimestamp())) return connection;
                connection.Dispose();
            }
        }

        private BlockingConnection Open(Uri uri, string key, CancellationToken cancellationToken)
        {
            var host = uri.DnsSafeHost;
            var addresses = IPAddress.TryParse(host, out var literal) ? new[] { literal } : Resolve(host, cancellationToken);
            Exception? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    // Disposing interrupts a blocked connect (the runtime disconnects the socket first on Linux and macOS).
                    using (cancellationToken.Register(s => ((Socket)s!).Dispose(), socket))
                    {
                        socket.Connect(new IPEndPoint(address, uri.Port));
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                }
                catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    socket.Dispose();
                    last = ex;
                    continue;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                Stream stream = new NetworkStream(socket, ownsSocket: true);
                try
                {
                    if (uri.Scheme == Uri.UriSchemeHttps)
                    {
                        var tls = new SslStream(stream, false, _certificateCheck);
                        stream = tls;
                        using (cancellationToken.Register(s => ((Stream)s!).Dispose(), tls))
                        {
                            // The system's protocol versions, the certificate checked against the host name, no revocation check:
                            // HttpClient's defaults. Synchronous, so the socket stays blocking.
                            tls.AuthenticateAsClient(uri.HostNameType == UriHostNameType.IPv6 ? host : uri.IdnHost);
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    return new BlockingConnection(key, socket, stream);
                }
                catch
                {
                    stream.Dispose();
                    throw;
                }
            }
            throw last ?? new SocketException((int)SocketError.HostNotFound);
        }

        private static IPAddress[] Resolve(string host, CancellationToken cancellationToken)
        {
            // The name lookup cannot be interrupted where it runs; waiting for it can.
            var lookup = Dns.GetHostAddressesAsync(host);
            try
            {
                lookup.Wait(cancellationToken);
            }
            catch (AggregateException ex) when (ex.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            }
            if (lookup.Result.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            return lookup.Result;
        }
    }
}
