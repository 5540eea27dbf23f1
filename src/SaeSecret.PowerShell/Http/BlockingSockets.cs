using System;
using System.IO;
using System.Linq.Expressions;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Threading;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// On .NET 5 and later (PowerShell 7): a SocketsHttpHandler whose connections are opened on blocking sockets.
    /// <para>
    /// A cmdlet sends and reads on its pipeline thread (HttpClient.Send). The runtime's own connections are non-blocking
    /// sockets, so every synchronous read that finds no data yet waits for the socket engine's thread, which hands the
    /// readiness to a thread-pool thread, which wakes the waiting thread: three threads per answer, and the pool threads
    /// spin between answers. On a blocking socket the kernel wakes the reading thread itself. Measured on 2 cores
    /// against the emulator: about a third of the CPU per call, and the per-record cost of the cmdlets falls with it.
    /// </para>
    /// <para>
    /// Nothing else changes: the same handler settings as <see cref="SharedHttp.Create"/> gives HttpClientHandler,
    /// the runtime's own connect (a dual-mode TCP socket, Nagle off, the name resolved and each address tried) done
    /// synchronously as the runtime does for a synchronous request, and a socket that an asynchronous caller reads is
    /// made non-blocking by the runtime as before. Cancelling disposes the socket, which interrupts a blocked connect,
    /// send or receive (the runtime shuts the socket down first on Linux and macOS; Windows aborts on close).
    /// </para>
    /// </summary>
    internal static class BlockingSockets
    {
        /// <summary>The configured handler, or null where SocketsHttpHandler or its ConnectCallback is missing (.NET Framework).</summary>
        public static HttpMessageHandler? CreateHandler(IWebProxy proxy)
        {
            var type = typeof(HttpClientHandler).Assembly.GetType("System.Net.Http.SocketsHttpHandler", throwOnError: false);
            var connectCallback = type?.GetProperty("ConnectCallback");
            var isSupported = type?.GetProperty("IsSupported", BindingFlags.Public | BindingFlags.Static);
            if (type == null || connectCallback == null || (isSupported != null && !(bool)isSupported.GetValue(null)!)) return null;

            var handler = (HttpMessageHandler)Activator.CreateInstance(type)!;
            try
            {
                Set(type, handler, "AllowAutoRedirect", false);
                Set(type, handler, "UseCookies", false);
                Set(type, handler, "AutomaticDecompression", DecompressionMethods.GZip | DecompressionMethods.Deflate);
                Set(type, handler, "UseProxy", true);
                Set(type, handler, "Proxy", proxy);
                // The pool's scavenger probes idle connections with an asynchronous read, which turns a socket
                // non-blocking for good; without an idle timeout it never runs. A connection the server has closed
                // meanwhile is found out when it is next taken (the runtime polls it) and replaced.
                Set(type, handler, "PooledConnectionIdleTimeout", Timeout.InfiniteTimeSpan);
                connectCallback.SetValue(handler, ConnectCallbackOf(connectCallback.PropertyType));
                return handler;
            }
            catch
            {
                handler.Dispose();
                throw;
            }
        }

        private static void Set(Type type, object handler, string property, object value) =>
            type.GetProperty(property)!.SetValue(handler, value);

        /// <summary>
        /// (context, cancellationToken) =&gt; new ValueTask&lt;Stream&gt;(Connect(context.DnsEndPoint, cancellationToken)),
        /// built for the runtime's delegate type (netstandard2.0 cannot name SocketsHttpConnectionContext or ValueTask).
        /// </summary>
        private static Delegate ConnectCallbackOf(Type delegateType)
        {
            var types = delegateType.GetGenericArguments();
            var context = Expression.Parameter(types[0], "context");
            var cancellationToken = Expression.Parameter(types[1], "cancellationToken");
            var connect = typeof(BlockingSockets).GetMethod(nameof(Connect), BindingFlags.NonPublic | BindingFlags.Static)!;
            var stream = Expression.Call(connect, Expression.Property(context, "DnsEndPoint"), cancellationToken);
            var body = Expression.New(types[2].GetConstructor(new[] { typeof(Stream) })!, stream);
            return Expression.Lambda(delegateType, body, context, cancellationToken).Compile();
        }

        /// <summary>Connects a blocking TCP socket to the endpoint, as the runtime does for a synchronous request.</summary>
        internal static Stream Connect(DnsEndPoint endPoint, CancellationToken cancellationToken)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using (cancellationToken.Register(s => ((Socket)s!).Dispose(), socket))
                {
                    socket.Connect(endPoint);
                }
                cancellationToken.ThrowIfCancellationRequested();
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
