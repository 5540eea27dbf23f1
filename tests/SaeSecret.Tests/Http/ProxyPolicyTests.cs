using System;
using System.Net;
using SaeSecret.PowerShell.Api;
using Xunit;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.Tests.Http
{
    /// <summary>Which requests the module's HttpClients send through the system proxy.</summary>
    public class ProxyPolicyTests
    {
        private static readonly Uri Corporate = new Uri("http://proxy.corp.example:3128/");

        /// <summary>A system proxy that proxies everything, as HTTP_PROXY + HTTPS_PROXY without NO_PROXY do.</summary>
        private sealed class ProxyEverything : IWebProxy
        {
            public ICredentials Credentials { get; set; }
            public Uri GetProxy(Uri destination) => Corporate;
            public bool IsBypassed(Uri host) => false;
        }

        /// <summary>A system proxy whose NO_PROXY lists the host.</summary>
        private sealed class BypassEverything : IWebProxy
        {
            public ICredentials Credentials { get; set; }
            public Uri GetProxy(Uri destination) => null;
            public bool IsBypassed(Uri host) => true;
        }

        [Theory]
        [InlineData("http://127.0.0.1:5000/pop/v1/sam/secret/secret")]
        [InlineData("http://127.12.0.3:5000/")]
        [InlineData("http://localhost:5000/")]
        [InlineData("http://LOCALHOST/")]
        [InlineData("http://[::1]:5000/")]
        [InlineData("https://127.0.0.1:5001/")]
        [InlineData("https://localhost:5001/")]
        [InlineData("https://[::1]/")]
        public void Loopback_goes_direct_whatever_the_system_proxy_says(string url)
        {
            var policy = new ProxyPolicy(() => new ProxyEverything());
            var destination = new Uri(url);

            Assert.True(policy.IsBypassed(destination));
            Assert.Equal(destination, policy.GetProxy(destination));
        }

        [Theory]
        [InlineData("http://100.100.100.200/latest/meta-data/")]
        [InlineData("http://sae.cn-beijing.aliyuncs.com/")]
        [InlineData("http://credentials.example.com/creds")]
        public void Plain_http_never_goes_through_a_proxy(string url)
        {
            var policy = new ProxyPolicy(() => new ProxyEverything());

            Assert.True(policy.IsBypassed(new Uri(url)));
        }

        [Theory]
        [InlineData("https://sae.cn-beijing.aliyuncs.com/")]
        [InlineData("https://sts.aliyuncs.com/")]
        [InlineData("https://credentials.example.com/creds")]
        public void Real_https_endpoints_use_the_system_proxy(string url)
        {
            var policy = new ProxyPolicy(() => new ProxyEverything());
            var destination = new Uri(url);

            Assert.False(policy.IsBypassed(destination));
            Assert.Equal(Corporate, policy.GetProxy(destination));
        }

        [Fact]
        public void The_system_proxy_bypass_list_is_honoured()
        {
            var policy = new ProxyPolicy(() => new BypassEverything());

            Assert.True(policy.IsBypassed(new Uri("https://sae.cn-beijing.aliyuncs.com/")));
        }

        [Fact]
        public void Without_a_system_proxy_everything_goes_direct()
        {
            var policy = new ProxyPolicy(() => null);
            var destination = new Uri("https://sae.cn-beijing.aliyuncs.com/");

            Assert.True(policy.IsBypassed(destination));
            Assert.Equal(destination, policy.GetProxy(destination));
        }

        [Fact]
        public void Proxy_credentials_are_the_system_proxys()
        {
            var system = new ProxyEverything();
            var policy = new ProxyPolicy(() => system);
            var credentials = new NetworkCredential("proxy-user", "proxy-password");

            policy.Credentials = credentials;

            Assert.Same(credentials, system.Credentials);
            Assert.Same(credentials, policy.Credentials);
        }

        [Fact]
        public void The_system_default_is_read_on_each_request()
        {
            IWebProxy current = new BypassEverything();
            var policy = new ProxyPolicy(() => current);
            var destination = new Uri("https://sae.cn-beijing.aliyuncs.com/");
            Assert.True(policy.IsBypassed(destination));

            current = new ProxyEverything();

            Assert.False(policy.IsBypassed(destination));
        }

        [Fact]
        public void Apply_turns_the_handlers_proxy_on_with_the_policy()
        {
            using var handler = new System.Net.Http.HttpClientHandler { UseProxy = false };

            ProxyPolicy.Apply(handler);

            Assert.True(handler.UseProxy);
            Assert.Same(ProxyPolicy.SystemDefault, handler.Proxy);
        }

        [Fact]
        public void A_missing_or_relative_destination_goes_direct()
        {
            Assert.True(ProxyPolicy.MustGoDirect(null));
            Assert.True(ProxyPolicy.MustGoDirect(new Uri("/pop/v1/sam/secret/secret", UriKind.Relative)));
            Assert.False(ProxyPolicy.MustGoDirect(new Uri("https://sae.cn-beijing.aliyuncs.com/")));
        }

        /// <summary>
        /// Answers with <see cref="Corporate"/> for one test-only host and bypasses everything else, so other tests that
        /// run meanwhile with the process-wide default proxy are not affected.
        /// </summary>
        private sealed class ProxyOnlyProbeHost : IWebProxy
        {
            public static readonly Uri Probe = new Uri("https://proxy-probe.invalid/");
            public ICredentials Credentials { get; set; }
            public Uri GetProxy(Uri destination) => destination.Host == Probe.Host ? Corporate : destination;
            public bool IsBypassed(Uri host) => host.Host != Probe.Host;
        }

        [Fact]
        public void The_system_default_follows_HttpClient_DefaultProxy_set_by_a_script()
        {
            // WebRequest.DefaultWebProxy, the .NET Framework source, is read once here and so no longer follows it.
#pragma warning disable SYSLIB0014
            var before = WebRequest.DefaultWebProxy;
#pragma warning restore SYSLIB0014
            var saved = System.Net.Http.HttpClient.DefaultProxy;
            try
            {
                System.Net.Http.HttpClient.DefaultProxy = new ProxyOnlyProbeHost();

                Assert.False(ProxyPolicy.SystemDefault.IsBypassed(ProxyOnlyProbeHost.Probe));
                Assert.Equal(Corporate, ProxyPolicy.SystemDefault.GetProxy(ProxyOnlyProbeHost.Probe));
            }
            finally
            {
                System.Net.Http.HttpClient.DefaultProxy = saved;
            }
            GC.KeepAlive(before);
        }
    }
}
