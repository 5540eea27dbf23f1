using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
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
    /// <summary>How SaeClient reads answers (status, body, headers), reports placement and retries, and releases responses.</summary>
    public class SaeClientAnswerTests
    {
        private static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");
        private const string Target = "cn-beijing:test/16";

        private readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private readonly List<string> _verbose = new List<string>();

        private static EncodedSecretData Data() => TestSecretData.Plain(("password", "TopSecretValue-42"));

        private SaeClient Client(SecretDataPlacement placement = null, Func<TimeSpan, CancellationToken, Task> delay = null) =>
            new SaeClient(new HttpClient(_handler), delay ?? TestClients.RecordInto(_delays), false, placement ?? new SecretDataPlacement(() => null));

        private Task<UpdateSecretResult> Update(SaeClient client = null, RetryPolicy retry = null) =>
            (client ?? Client()).SendAsync(SaeOperations.UpdateSecret(Endpoint, "cn-beijing:test", 16, Data()),
                TestKeys.Provider(), retry ?? TestClients.Retry(), TestClients.CollectInto(_verbose), CancellationToken.None);

        private Task<SaeServiceException> Fails(SaeClient client = null, RetryPolicy retry = null) =>
            Assert.ThrowsAsync<SaeServiceException>(() => Update(client, retry ?? TestClients.Retry(0)));

        private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

        // ---- answers that are not JSON ----

        [Fact]
        public async Task An_empty_body_is_described_as_empty()
        {
            _handler.ThenBytes(HttpStatusCode.BadGateway, Array.Empty<byte>(), "text/html");

            var ex = await Fails();

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal("UpdateSecret for " + Target + " got HTTP 502 with an empty body.", ex.Message);
        }

        [Fact]
        public async Task A_body_of_only_a_byte_order_mark_is_empty()
        {
            _handler.ThenBytes(HttpStatusCode.BadGateway, Bom, "application/json");

            var ex = await Fails();

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal("UpdateSecret for " + Target + " got HTTP 502 with an empty body.", ex.Message);
        }

        [Fact]
        public async Task Json_after_a_byte_order_mark_is_read()
        {
            var json = Encoding.UTF8.GetBytes(FakeSaeHandler.SuccessBody());
            var body = new byte[Bom.Length + json.Length];
            Bom.CopyTo(body, 0);
            json.CopyTo(body, Bom.Length);
            _handler.ThenBytes(HttpStatusCode.OK, body, "application/json");

            var result = await Update();

            Assert.True(result.Success);
            Assert.Equal("91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD", result.RequestId);
        }

        [Fact]
        public async Task A_non_json_body_names_its_content_type_and_the_header_RequestId()
        {
            _handler.ThenBytes(HttpStatusCode.BadGateway, Encoding.UTF8.GetBytes("<html>bad gateway</html>"), "text/html", ("x-acs-request-id", "HDR-REQ-1"));

            var ex = await Fails();

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal("UpdateSecret for " + Target + " got HTTP 502 with a body that is not JSON (text/html), RequestId HDR-REQ-1.", ex.Message);
            Assert.Equal("HDR-REQ-1", ex.RequestId);
        }

        [Fact]
        public async Task A_non_json_body_without_content_type_says_so()
        {
            _handler.ThenBytes(HttpStatusCode.BadGateway, Encoding.UTF8.GetBytes("oops"));

            var ex = await Fails();

            Assert.Equal("UpdateSecret for " + Target + " got HTTP 502 with a body that is not JSON (no content type).", ex.Message);
        }

        [Fact]
        public async Task A_non_json_HTTP_500_is_transient_and_retried()
        {
            _handler.ThenBody(HttpStatusCode.InternalServerError, "<html>error</html>", "text/html").ThenSuccess();

            var result = await Update(retry: TestClients.Retry(1));

            Assert.True(result.Success);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public async Task A_non_json_HTTP_500_on_the_last_attempt_is_marked_transient()
        {
            _handler.ThenBody(HttpStatusCode.InternalServerError, "<html>error</html>", "text/html");

            var ex = await Fails();

            Assert.True(ex.IsTransient);
            Assert.Equal(500, ex.HttpStatusCode);
        }

        // ---- JSON answers ----

        [Fact]
        public async Task The_body_RequestId_wins_over_the_header()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest,
                "{\"RequestId\":\"BODY-REQ\",\"Code\":\"InvalidParameter\",\"Message\":\"bad\",\"Success\":false}", ("x-acs-request-id", "HEADER-REQ"));

            var ex = await Fails();

            Assert.Equal("BODY-REQ", ex.RequestId);
            Assert.EndsWith(". RequestId: BODY-REQ.", ex.Message);
        }

        [Fact]
        public async Task An_error_without_any_RequestId_does_not_mention_one()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, "{\"Code\":\"InvalidParameter\",\"Message\":\"bad\",\"Success\":false}");

            var ex = await Fails();

            Assert.Null(ex.RequestId);
            Assert.Equal("UpdateSecret for " + Target + " failed: InvalidParameter (HTTP 400): bad.", ex.Message);
        }

        [Fact]
        public async Task A_success_body_with_HTTP_300_is_an_error()
        {
            _handler.ThenJson((HttpStatusCode)300, FakeSaeHandler.SuccessBody());

            var ex = await Fails();

            Assert.Equal(300, ex.HttpStatusCode);
        }

        [Fact]
        public async Task An_HTTP_300_without_a_code_is_named_after_the_status()
        {
            _handler.ThenJson((HttpStatusCode)300, "{\"RequestId\":\"R-300\",\"Success\":false}");

            var ex = await Fails();

            Assert.Equal("HTTP300", ex.ErrorCode);
        }

        [Theory]
        [InlineData(300)]
        [InlineData(400)]
        public async Task Code_200_on_a_non_2xx_status_is_kept_as_the_error_code(int status)
        {
            // Only a 2xx answer's Code 200 is replaced (by OperationNotSuccessful); on any other status it is what the service said.
            _handler.ThenJson((HttpStatusCode)status, "{\"RequestId\":\"R-1\",\"Code\":\"200\",\"Message\":\"odd\",\"Success\":false}");

            var ex = await Fails();

            Assert.Equal("200", ex.ErrorCode);
            Assert.Equal(status, ex.HttpStatusCode);
        }

        [Fact]
        public async Task Success_without_Data_says_it_cannot_be_confirmed()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"R-NODATA\",\"Code\":\"200\",\"Success\":true}");

            var ex = await Fails();

            Assert.Equal(ErrorIds.ResponseMissingData, ex.ErrorCode);
            Assert.Equal("UpdateSecret for " + Target + " got HTTP 200 reporting success but without Data, so the call cannot be confirmed. RequestId: R-NODATA.", ex.Message);
        }

        // ---- bodies too large, broken or abandoned ----

        [Fact]
        public async Task A_declared_oversized_body_keeps_the_HTTP_status()
        {
            _handler.Then((r, t) =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new ByteArrayContent(new byte[1]) };
                response.Content.Headers.ContentLength = BoundedContent.MaxBytes + 1L;
                return Task.FromResult(response);
            });

            var ex = await Fails();

            Assert.Equal(ErrorIds.ResponseTooLarge, ex.ErrorCode);
            Assert.Equal(502, ex.HttpStatusCode);
        }

        [Fact]
        public async Task A_body_read_failing_with_HttpRequestException_releases_the_response()
        {
            var content = new TrackedContent(new HttpRequestException("The response ended prematurely."));
            _handler.Then((r, t) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content }));

            var ex = await Fails();

            Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorCode);
            Assert.True(content.Disposed, "the response was not disposed");
        }

        [Fact]
        public async Task A_body_beyond_the_cap_releases_the_response()
        {
            var content = new TrackedContent(new InvalidOperationException("the body must not be read"));
            content.Headers.ContentLength = BoundedContent.MaxBytes + 1L;
            _handler.Then((r, t) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content }));

            var ex = await Fails();

            Assert.Equal(ErrorIds.ResponseTooLarge, ex.ErrorCode);
            Assert.True(content.Disposed, "the response was not disposed");
        }

        [Fact]
        public async Task A_body_read_cancelled_from_inside_releases_the_response()
        {
            var content = new TrackedContent(new OperationCanceledException("the connection gave up"));
            _handler.Then((r, t) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content }));

            var ex = await Fails();

            Assert.Equal(ErrorIds.RequestTimedOut, ex.ErrorCode);
            Assert.True(content.Disposed, "the response was not disposed");
        }

        [Fact]
        public async Task A_connection_failure_that_does_not_quote_the_url_keeps_its_cause()
        {
            var cause = new HttpRequestException("Connection reset by peer");
            _handler.ThenThrow(cause);

            var ex = await Fails();

            Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorCode);
            Assert.Same(cause, ex.InnerException);
        }

        [Fact]
        public async Task A_connection_failure_without_a_socket_error_may_have_been_processed()
        {
            _handler.ThenThrow(new HttpRequestException("Connection reset by peer", new IOException("reset")));

            var ex = await Fails();

            Assert.True(ex.IsTransient);
            Assert.False(ex.CertainlyNotProcessed);
        }

        /// <summary>A response body whose read fails with the given exception, and that records being disposed.</summary>
        private sealed class TrackedContent : HttpContent
        {
            private readonly Exception _failure;

            public TrackedContent(Exception failure) { _failure = failure; }

            public bool Disposed { get; private set; }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext context) => throw _failure;

            protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new FailingStream(_failure));

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }

            protected override void Dispose(bool disposing)
            {
                Disposed = true;
                base.Dispose(disposing);
            }
        }

        private sealed class FailingStream : ReadOnlyStream
        {
            private readonly Exception _failure;

            public FailingStream(Exception failure) { _failure = failure; }

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw _failure;
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromException<int>(_failure);
            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(_failure);
        }

        // ---- where SecretData goes, as verbose reports it ----

        [Fact]
        public async Task Verbose_reports_the_body_placement_without_a_reason()
        {
            _handler.ThenSuccess();

            await Update();

            Assert.Contains("SecretData travels to https://sae.cn-beijing.aliyuncs.com in the request body.", _verbose);
        }

        [Fact]
        public async Task Verbose_reports_a_learned_query_placement_and_why()
        {
            var placement = new SecretDataPlacement(() => null);
            placement.RememberQuery(Endpoint);
            _handler.ThenSuccess();

            await Update(Client(placement));

            Assert.Contains("SecretData travels to https://sae.cn-beijing.aliyuncs.com in the request query (this endpoint did not read it from the body earlier).", _verbose);
        }

        [Theory]
        [InlineData("Body", "body")]
        [InlineData("Query", "query")]
        public async Task Verbose_reports_a_forced_placement_and_the_variable(string setting, string where)
        {
            _handler.ThenSuccess();

            await Update(Client(new SecretDataPlacement(() => setting)));

            Assert.Contains("SecretData travels to https://sae.cn-beijing.aliyuncs.com in the request " + where + " (set by " + SecretDataPlacement.EnvironmentVariable + ").", _verbose);
        }

        [Fact]
        public async Task A_call_without_SecretData_ignores_the_placement_setting_even_when_invalid()
        {
            // The setting only concerns SecretData: DeleteSecret sends none, so an unusable value must not stop it.
            _handler.ThenSuccess();
            var client = Client(new SecretDataPlacement(() => "sideways"));

            var requestId = await client.SendAsync(SaeOperations.DeleteSecret(Endpoint, "cn-beijing:test", 16),
                TestKeys.Provider(), TestClients.Retry(0), TestClients.CollectInto(_verbose), CancellationToken.None);

            Assert.Equal("91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD", requestId);
            var r = Assert.Single(_handler.Requests);
            Assert.Null(r.Body);
            Assert.DoesNotContain(_verbose, m => m.Contains("SecretData", StringComparison.Ordinal));
        }

        // ---- retries ----

        [Fact]
        public async Task Verbose_names_the_next_attempt_and_its_wait()
        {
            _handler.ThenJson((HttpStatusCode)429, "{\"RequestId\":\"R\",\"Code\":\"Throttling.User\",\"Message\":\"slow down\",\"Success\":false}",
                ("x-acs-retry-after", "1500")).ThenSuccess();

            await Update();

            Assert.Contains("UpdateSecret " + Target + ": attempt 2 of 4 after 1500 ms (Throttling.User)", _verbose);
        }

        [Fact]
        public async Task Time_spent_waiting_counts_once_towards_the_deadline()
        {
            // Each wait really lasts 400 ms; counted once, two of them fit in the 1 s deadline; counted twice they would not.
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, "{\"RequestId\":\"R\",\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\",\"Success\":false}",
                ("x-acs-retry-after", "400"));
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, "{\"RequestId\":\"R\",\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\",\"Success\":false}",
                ("x-acs-retry-after", "400"));
            _handler.ThenSuccess();
            var retry = TestClients.Retry(2);
            retry.Deadline = TimeSpan.FromMilliseconds(1000);

            var result = await Update(Client(delay: (wait, token) => Task.Delay(wait, token)), retry);

            Assert.True(result.Success);
            Assert.Equal(3, _handler.Requests.Count);
        }

        [Fact]
        public async Task Time_spent_sending_after_a_wait_counts_towards_the_deadline()
        {
            const string busy = "{\"RequestId\":\"R\",\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\",\"Success\":false}";
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, busy, ("x-acs-retry-after", "100"));
            _handler.Then(async (r, t) =>
            {
                await Task.Delay(700, t);
                return FakeSaeHandler.Json(HttpStatusCode.ServiceUnavailable, busy, ("x-acs-retry-after", "100"));
            });
            _handler.ThenSuccess();
            var retry = TestClients.Retry(2);
            retry.Deadline = TimeSpan.FromMilliseconds(500);

            var ex = await Fails(retry: retry);

            Assert.Equal("ServiceUnavailable", ex.ErrorCode);
            Assert.Equal(2, _handler.Requests.Count);
            Assert.Contains(_verbose, m => m.StartsWith("UpdateSecret " + Target + ": no attempt 3:", StringComparison.Ordinal));
        }

        // ---- retry hints ----

        private static TimeSpan? Hint(params (string Name, string Value)[] headers)
        {
            using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            foreach (var (name, value) in headers) Assert.True(response.Headers.TryAddWithoutValidation(name, value), name);
            return SaeAnswer.RetryAfterOf(response);
        }

        [Fact]
        public void An_empty_x_acs_retry_after_falls_back_to_Retry_After()
        {
            Assert.Equal(TimeSpan.FromSeconds(2), Hint(("x-acs-retry-after", ""), ("Retry-After", "2")));
            Assert.Equal(TimeSpan.FromSeconds(2), Hint(("x-acs-retry-after", "   "), ("Retry-After", "2")));
        }

        [Fact]
        public void A_non_numeric_x_acs_retry_after_falls_back_to_Retry_After()
        {
            Assert.Equal(TimeSpan.FromSeconds(3), Hint(("x-acs-retry-after", "soon"), ("Retry-After", "3")));
            Assert.Equal(TimeSpan.FromSeconds(3), Hint(("x-acs-retry-after", "15s"), ("Retry-After", "3")));
        }

        [Fact]
        public void Leading_zeros_do_not_make_a_hint_too_long()
        {
            Assert.Equal(TimeSpan.FromMilliseconds(1500), Hint(("x-acs-retry-after", "000001500")));
            Assert.Equal(TimeSpan.FromSeconds(2), Hint(("Retry-After", "000002")));
        }

        [Fact]
        public void A_Retry_After_date_in_the_past_means_no_wait()
        {
            var date = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("r", CultureInfo.InvariantCulture);

            Assert.Equal(TimeSpan.Zero, Hint(("Retry-After", date)));
        }

        [Fact]
        public void A_Retry_After_date_soon_is_the_time_until_then()
        {
            var date = DateTimeOffset.UtcNow.AddSeconds(20).ToString("r", CultureInfo.InvariantCulture);

            var hint = Hint(("Retry-After", date));

            Assert.NotNull(hint);
            Assert.InRange(hint.Value, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        }

        [Fact]
        public void A_Retry_After_date_far_ahead_is_capped()
        {
            var date = DateTimeOffset.UtcNow.AddHours(2).ToString("r", CultureInfo.InvariantCulture);

            Assert.Equal(RetryPolicy.RetryHintCeiling, Hint(("Retry-After", date)));
        }
    }
}
