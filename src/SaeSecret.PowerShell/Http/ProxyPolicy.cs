using System;
using System.Net;
using System.Net.Http;
using System.Reflection;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// The proxy of every HttpClient the module creates: the system default (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY,
    /// NO_PROXY on PowerShell 7; the Windows settings on Windows PowerShell) for real endpoints, but never for a
    /// loopback host or plain http: the emulator's traffic, secret data included, must not go to whatever
    /// HTTP_PROXY names, and plain http (loopback only anyway) is never handed to a proxy in clear.
    /// </summary>
    internal sealed class ProxyPolicy : IWebProxy
    {
        /// <summary>
        /// HttpClient.DefaultProxy (.NET Core 3.0 and later: what a handler without a Proxy uses), read on every
        /// request so a script that sets it is honoured; on .NET Framework handlers use WebRequest.DefaultWebProxy.
        /// </summary>
        private static readonly Func<IWebProxy?> SystemDefaultProxy = FindSystemDefaultProxy();

        public static readonly ProxyPolicy SystemDefault = new ProxyPolicy(SystemDefaultProxy);

        private readonly Func<IWebProxy?> _system;

        internal ProxyPolicy(Func<IWebProxy?> system)
        {
            _system = system;
        }

        /// <summary>Makes the handler use <see cref="SystemDefault"/>.</summary>
        public static void Apply(HttpClientHandler handler)
        {
            handler.UseProxy = true;
            handler.Proxy = SystemDefault;
        }

        /// <summary>Whether a request to this address must go direct, whatever the system proxy says.</summary>
        public static bool MustGoDirect(Uri destination) =>
            destination == null || !destination.IsAbsoluteUri || destination.Scheme == Uri.UriSchemeHttp || IsLoopback(destination);

        public ICredentials? Credentials
        {
            get => _system()?.Credentials;
            set
            {
                var system = _system();
                if (system != null) system.Credentials = value;
            }
        }

        /// <summary>The destination itself means "direct" (the IWebProxy convention); otherwise the system proxy's answer as it is.</summary>
        public Uri GetProxy(Uri destination)
        {
            var system = _system();
            if (MustGoDirect(destination) || system == null) return destination;
            return system.GetProxy(destination);
        }

        public bool IsBypassed(Uri host)
        {
            if (MustGoDirect(host)) return true;
            var system = _system();
            return system == null || system.IsBypassed(host);
        }

        private static Func<IWebProxy?> FindSystemDefaultProxy()
        {
            var getter = typeof(HttpClient).GetProperty("DefaultProxy", BindingFlags.Public | BindingFlags.Static)?.GetGetMethod();
            if (getter != null && typeof(IWebProxy).IsAssignableFrom(getter.ReturnType))
            {
                return (Func<IWebProxy?>)Delegate.CreateDelegate(typeof(Func<IWebProxy>), getter);
            }
            return () => WebRequest.DefaultWebProxy;
        }

        /// <summary>A loopback host name or address (127.0.0.0/8, ::1, localhost).</summary>
        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback) return true;
            return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
        }
    }
}
