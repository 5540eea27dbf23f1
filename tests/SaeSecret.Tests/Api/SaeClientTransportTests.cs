using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using SaeSecret.PowerShell.Signing;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// The transport under SaeClient: the process-wide HttpClient's settings over a real loopback connection, which
    /// thread sends and waits, and that no continuation goes back to the caller's SynchronizationContext.
    /// </summary>
    public class SaeClientTransportTests
    {
        private static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");

        private static EncodedSecretData Data() => TestSecretData.Plain(("password", "TopSecretValue-42"));

        private static RetryPolicy Retry(int maxRetries = 0) => TestClients.Retry(maxRetries);

        private static Task<UpdateSecretResult> Update(SaeClient client, Uri endpoint, RetryPolicy retry = null, ICredentialProvider credentials = null) =>
            client.SendAsync(SaeOperations.UpdateSecret(endpoint, "cn-beijing:test", 16, Data()),
                credentials ?? TestKeys.Provider(), retry ?? Retry(), null, CancellationToken.None);

        /// <summary>
        /// A client built as the process-wide one is (a fresh one per test, so each test sees the settings being made),
        /// with a test's placement memory and a wait that does not sleep.
        /// </summary>
        private static SaeClient OnSharedClient() =>
            new SaeClient(SharedHttp.Create(), (wait, token) => Task.CompletedTask, false, new SecretDataPlacement(() => null));

        private const string Busy = "{\"RequestId\":\"R\",\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\",\"Success\":false}";

        // ---- the process-wide HttpClient ----

        [Fact]
        public void The_shared_client_leaves_timeouts_to_the_retry_policy()
        {
            Assert.Equal(Timeout.InfiniteTimeSpan, SharedHttp.Create().Timeout);
        }

        [Fact]
        public void On_modern_dotnet_the_shared_client_leaves_the_TLS_versions_to_the_system()
        {
            _ = SharedHttp.Create();

#pragma warning disable SYSLIB0014 // ServicePointManager is obsolete: what is checked is that the client did not touch it.
            Assert.Equal(SecurityProtocolType.SystemDefault, ServicePointManager.SecurityProtocol);
#pragma warning restore SYSLIB0014
        }

        [Fact]
        public void The_shared_client_uses_the_module_proxy_policy()
        {
            // HttpClient.DefaultProxy is process-wide and a handler without a Proxy reads it once, so which proxy a request
            // takes cannot be shown reliably from here; the handler's own setting can.
            var handler = (HttpClientHandler)typeof(HttpMessageInvoker).GetField("_handler", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(SharedHttp.Create());

            Assert.True(handler.UseProxy);
            Assert.Same(ProxyPolicy.SystemDefault, handler.Proxy);
        }

        // ---- a synchronous call that gets no answer ----

        [Fact]
        public void A_synchronous_call_blocked_on_a_silent_server_ends_at_its_timeout()
        {
            using var server = new LoopbackServer(TimeSpan.FromSeconds(60),
                url => LoopbackServer.Response("200 OK", "Content-Type: application/json", Encoding.UTF8.GetBytes(FakeSaeHandler.SuccessBody())));
            var client = new SaeClient(SharedHttp.Create(), null, synchronous: true, new SecretDataPlacement(() => null));
            var clock = Stopwatch.StartNew();

            var ex = Assert.Throws<SaeServiceException>(() => Update(client, server.Url, TestClients.Retry(0, TimeSpan.FromSeconds(1))).GetAwaiter().GetResult());

            Assert.Equal(ErrorIds.RequestTimedOut, ex.ErrorCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the blocked read was not interrupted: " + clock.Elapsed);
            Assert.Single(server.Requests);
        }

        [Fact]
        public void A_synchronous_call_blocked_on_a_silent_server_stops_when_cancelled()
        {
            using var server = new LoopbackServer(TimeSpan.FromSeconds(60),
                url => LoopbackServer.Response("200 OK", "Content-Type: application/json", Encoding.UTF8.GetBytes(FakeSaeHandler.SuccessBody())));
            var client = new SaeClient(SharedHttp.Create(), null, synchronous: true, new SecretDataPlacement(() => null));
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var clock = Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() => client.SendAsync(SaeOperations.UpdateSecret(server.Url, "cn-beijing:test", 16, Data()),
                TestKeys.Provider(), TestClients.Retry(0, TimeSpan.FromSeconds(60)), null, stop.Token).GetAwaiter().GetResult());

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the blocked read was not interrupted: " + clock.Elapsed);
        }

        [Fact]
        public async Task The_shared_client_does_not_follow_redirects()
        {
            using var server = new LoopbackServer(
                url => LoopbackServer.Response("302 Found", "Location: " + url + "elsewhere", Array.Empty<byte>()),
                url => LoopbackServer.Response("200 OK", "Content-Type: application/json", Encoding.UTF8.GetBytes(FakeSaeHandler.SuccessBody())));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(OnSharedClient(), server.Url));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal(302, ex.HttpStatusCode);
            Assert.Single(server.Requests);
        }

        [Fact]
        public async Task The_shared_client_does_not_send_cookies_back()
        {
            using var server = new LoopbackServer(
                url => LoopbackServer.Response("503 Service Unavailable", "Content-Type: application/json\r\nSet-Cookie: session=abc123; Path=/\r\nx-acs-retry-after: 0",
                    Encoding.UTF8.GetBytes(Busy)),
                url => LoopbackServer.Response("200 OK", "Content-Type: application/json", Encoding.UTF8.GetBytes(FakeSaeHandler.SuccessBody())));

            var result = await Update(OnSharedClient(), server.Url, Retry(1));

            Assert.True(result.Success);
            Assert.Equal(2, server.Requests.Count);
            Assert.DoesNotContain("\r\ncookie:", server.Requests[1], StringComparison.OrdinalIgnoreCase);
        }

        [Theory]
        [InlineData("gzip")]
        [InlineData("deflate")]
        public async Task The_shared_client_asks_for_and_decompresses_compressed_answers(string encoding)
        {
            var json = Encoding.UTF8.GetBytes(FakeSaeHandler.SuccessBody());
            var compressed = new MemoryStream();
            using (Stream compressor = encoding == "gzip" ? new GZipStream(compressed, CompressionLevel.Optimal, true) : new ZLibStream(compressed, CompressionLevel.Optimal, true))
            {
                compressor.Write(json, 0, json.Length);
            }
            using var server = new LoopbackServer(
                url => LoopbackServer.Response("200 OK", "Content-Type: application/json\r\nContent-Encoding: " + encoding, compressed.ToArray()));

            var result = await Update(OnSharedClient(), server.Url);

            Assert.True(result.Success);
            var head = Assert.Single(server.Requests);
            Assert.Contains("\r\naccept-encoding: gzip, deflate\r\n", head, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void The_cmdlets_client_sends_on_the_callers_thread()
        {
            using var server = new LoopbackServer(TimeSpan.FromMilliseconds(300),
                url => LoopbackServer.Response("200 OK", "Content-Type: application/json", Encoding.UTF8.GetBytes(FakeSaeHandler.SuccessBody())));

            var task = Update(new SaeClient(), server.Url);

            Assert.True(task.IsCompleted, "the call left the caller's thread");
            Assert.True(task.Result.Success);
        }

        [Fact]
        public void A_synchronous_call_is_complete_when_it_returns()
        {
            // The answer comes asynchronously: only the synchronous transport still returns a completed task.
            var handler = new FakeSaeHandler().Then(async (r, token) =>
            {
                await Task.Delay(100, token);
                return FakeSaeHandler.Json(HttpStatusCode.OK, FakeSaeHandler.SuccessBody());
            });
            var client = new SaeClient(new HttpClient(handler), null, synchronous: true, new SecretDataPlacement(() => null));
            var request = SaeOperations.UpdateSecret(new Uri("https://sae.cn-beijing.aliyuncs.com/"), "cn-beijing:test", 16,
                SecretDataEncoder.Encode(new[] { new KeyValuePair<string, object>("k", "v") }, false));

            var task = client.SendAsync(request, new StaticCredentialProvider(new AlibabaCloudCredential("TestKeyId", "TestKeySecret-abc", null, null, "test")),
                new RetryPolicy(), null, CancellationToken.None);

            Assert.True(task.IsCompleted, "the synchronous transport should not leave the caller's thread");
            Assert.True(task.Result.Success);
        }

        // ---- the default wait between attempts ----

        [Fact]
        public void The_synchronous_client_waits_between_attempts_on_the_callers_thread()
        {
            var handler = new FakeSaeHandler()
                .ThenJson(HttpStatusCode.ServiceUnavailable, Busy, ("x-acs-retry-after", "300"))
                .ThenSuccess();
            var client = new SaeClient(new HttpClient(handler), null, synchronous: true, new SecretDataPlacement(() => null));
            var clock = Stopwatch.StartNew();

            var task = Update(client, Endpoint, Retry(1));

            Assert.True(task.IsCompleted, "the wait left the caller's thread");
            Assert.True(clock.ElapsedMilliseconds >= 280, "the client did not wait the 300 ms asked for");
            Assert.True(task.Result.Success);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task The_asynchronous_client_waits_between_attempts_without_blocking_the_caller()
        {
            var handler = new FakeSaeHandler()
                .ThenJson(HttpStatusCode.ServiceUnavailable, Busy, ("x-acs-retry-after", "1000"))
                .ThenSuccess();
            var client = new SaeClient(new HttpClient(handler), null, synchronous: false, new SecretDataPlacement(() => null));
            var clock = Stopwatch.StartNew();

            var task = Update(client, Endpoint, Retry(1));
            var returnedAfter = clock.ElapsedMilliseconds;
            var result = await task;

            Assert.True(returnedAfter < 500, "the caller was blocked for " + returnedAfter + " ms");
            Assert.True(clock.ElapsedMilliseconds >= 950, "the client did not wait the 1000 ms asked for");
            Assert.True(result.Success);
            Assert.Equal(2, handler.Requests.Count);
        }

        // ---- no continuation goes back to the caller's SynchronizationContext ----

        /// <summary>Starts the call on this thread with a counting context installed, then waits for it without one.</summary>
        private static async Task<int> ContextCallsDuring(Func<Task<UpdateSecretResult>> start)
        {
            var context = new CountingSynchronizationContext();
            var previous = SynchronizationContext.Current;
            Task<UpdateSecretResult> task;
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                task = start();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
            var result = await task;
            Assert.True(result.Success);
            return context.Calls;
        }

        private static SaeClient AsyncClient(FakeSaeHandler handler, Func<TimeSpan, CancellationToken, Task> delay = null) =>
            new SaeClient(new HttpClient(handler), delay ?? ((wait, token) => Task.CompletedTask), synchronous: false, new SecretDataPlacement(() => null));

        private sealed class SlowCredentials : ICredentialProvider
        {
            public string Name => "slow test source";

            public async Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken)
            {
                await Task.Delay(30, cancellationToken).ConfigureAwait(false);
                return CredentialLookup.Found(TestKeys.LongTerm);
            }
        }

        [Fact]
        public async Task A_slow_credential_lookup_does_not_resume_on_the_callers_context()
        {
            var handler = new FakeSaeHandler().ThenSuccess();

            var calls = await ContextCallsDuring(() => Update(AsyncClient(handler), Endpoint, credentials: new SlowCredentials()));

            Assert.Equal(0, calls);
        }

        [Fact]
        public async Task A_slow_answer_does_not_resume_on_the_callers_context()
        {
            var handler = new FakeSaeHandler().Then(async (r, t) =>
            {
                await Task.Delay(30, t).ConfigureAwait(false);
                return FakeSaeHandler.Json(HttpStatusCode.OK, FakeSaeHandler.SuccessBody());
            });

            var calls = await ContextCallsDuring(() => Update(AsyncClient(handler), Endpoint));

            Assert.Equal(0, calls);
        }

        [Fact]
        public async Task A_slowly_read_body_does_not_resume_on_the_callers_context()
        {
            var handler = new FakeSaeHandler().Then((r, t) =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StreamContent(new SlowStream(Encoding.UTF8.GetBytes(FakeSaeHandler.SuccessBody()))),
                };
                response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                return Task.FromResult(response);
            });

            var calls = await ContextCallsDuring(() => Update(AsyncClient(handler), Endpoint));

            Assert.Equal(0, calls);
        }

        [Fact]
        public async Task The_wait_between_attempts_does_not_resume_on_the_callers_context()
        {
            var handler = new FakeSaeHandler()
                .ThenJson(HttpStatusCode.ServiceUnavailable, Busy, ("x-acs-retry-after", "10"))
                .ThenSuccess();

            var calls = await ContextCallsDuring(() => Update(AsyncClient(handler, (wait, token) => Task.Delay(30, token)), Endpoint, Retry(1)));

            Assert.Equal(0, calls);
            Assert.Equal(2, handler.Requests.Count);
        }

        /// <summary>A body whose every asynchronous read completes later, on the thread pool.</summary>
        private sealed class SlowStream : ReadOnlyStream
        {
            private readonly MemoryStream _inner;

            public SlowStream(byte[] bytes) { _inner = new MemoryStream(bytes); }

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                return _inner.Read(buffer, offset, count);
            }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                return _inner.Read(buffer.Span);
            }

        }
    }
}
