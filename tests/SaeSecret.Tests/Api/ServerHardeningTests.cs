using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
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
using static SaeSecret.Tests.Support.TestKeys;
using static SaeSecret.Tests.Support.TestText;
using SaeSecret.PowerShell.Signing;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.Tests.Api
{
    /// <summary>What a hostile or broken server sends back: huge bodies, echoes, control characters, retry hints, bad TLS.</summary>
    public class ServerHardeningTests
    {
        private static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");

        private readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private readonly List<string> _verbose = new List<string>();

        private SaeClient Client(FakeSaeHandler handler = null) => TestClients.Recording(handler ?? _handler, _delays);

        private static EncodedSecretData Data(params (string Key, string Value)[] pairs) => TestSecretData.Plain(pairs);

        private Task<UpdateSecretResult> Update(SaeClient client = null, Uri endpoint = null, EncodedSecretData data = null, RetryPolicy retry = null,
            AlibabaCloudCredential credential = null) =>
            (client ?? Client()).SendAsync(
                SaeOperations.UpdateSecret(endpoint ?? Endpoint, "cn-beijing:test", 16, data ?? Data(("k", "value-1234"))),
                TestKeys.Provider(credential),
                retry ?? TestClients.Retry(3, TimeSpan.FromSeconds(20)),
                TestClients.CollectInto(_verbose),
                CancellationToken.None);

        private static string ErrorJson(string code, string message) =>
            "{\"RequestId\":\"R-1\",\"Code\":" + Newtonsoft.Json.JsonConvert.ToString(code) + ",\"ErrorCode\":" + Newtonsoft.Json.JsonConvert.ToString(code) +
            ",\"Message\":" + Newtonsoft.Json.JsonConvert.ToString(message) + ",\"Success\":false}";

        // ---- 8. bounded responses ----

        [Fact]
        public async Task A_body_beyond_the_cap_fails_without_being_read_further_and_is_not_retried()
        {
            var zeros = new ZeroStream(256L * 1024 * 1024);
            _handler.Then((r, t) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(zeros) }));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update());

            Assert.Equal(ErrorIds.ResponseTooLarge, ex.ErrorCode);
            Assert.Equal(1, ex.Attempts);
            Assert.Single(_handler.Requests);
            Assert.InRange(zeros.BytesRead, BoundedContent.MaxBytes, BoundedContent.MaxBytes + 64 * 1024);
            Assert.Contains("larger than 4 MiB", ex.Message);
        }

        [Fact]
        public async Task A_declared_length_beyond_the_cap_fails_before_reading()
        {
            var zeros = new ZeroStream(8L * 1024 * 1024);
            _handler.Then((r, t) =>
            {
                var content = new StreamContent(zeros);
                content.Headers.ContentLength = zeros.Length;
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
            });

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update());

            Assert.Equal(ErrorIds.ResponseTooLarge, ex.ErrorCode);
            Assert.Equal(0, zeros.BytesRead);
        }

        [Fact]
        public async Task A_body_just_under_the_cap_is_read()
        {
            var padding = new string(' ', BoundedContent.MaxBytes - FakeSaeHandler.SuccessBody().Length - 16);
            _handler.ThenBody(HttpStatusCode.OK, FakeSaeHandler.SuccessBody() + padding, "application/json");

            var result = await Update();

            Assert.True(result.Success);
        }

        [Fact]
        public async Task A_gzip_body_is_capped_after_decompression_over_a_real_connection()
        {
            // 256 MiB of zeros, gzip-compressed on the fly: a few hundred KiB on the wire.
            using var server = new RawHttpServer(
                "HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Encoding: gzip\nConnection: close",
                async stream =>
                {
                    using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
                    await new ZeroStream(256L * 1024 * 1024).CopyToAsync(gzip, 64 * 1024);
                });
            var client = new SaeClient(); // the module's own handler: automatic decompression, synchronous on this thread
            var before = GC.GetAllocatedBytesForCurrentThread();

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(client, server.Url));

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(ErrorIds.ResponseTooLarge, ex.ErrorCode);
            Assert.True(allocated < 64L * 1024 * 1024, "reading the answer allocated " + allocated / (1024 * 1024) + " MiB");
        }

        // ---- 9. echoed values scrubbed, whatever they overlap ----

        [Fact]
        public async Task Overlapping_values_leave_no_8_character_run_of_any_base64_in_the_error()
        {
            // 'hunter' is also the start of b: replacing it first used to leave the base64 of b's rest readable.
            var data = Data(("a", "hunter"), ("b", "hunter2-TOPSECRET-SUFFIX"));
            var echo = "The parameter is invalid {SecretData}: " + Encoding.UTF8.GetString(data.Body) + " values hunter / hunter2-TOPSECRET-SUFFIX";
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorJson("InvalidParameter.WithMessage", echo));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(data: data));

            foreach (var text in new[] { ex.Message, ex.ServiceMessage, ex.ToString() })
            {
                foreach (var value in new[] { "hunter", "hunter2-TOPSECRET-SUFFIX" })
                {
                    SecretAssert.DoesNotLeak(text, value, "error text");
                    AssertNoRunOf(B64(value), text);
                }
            }
            Assert.StartsWith("The parameter is invalid {SecretData}:", ex.ServiceMessage);
        }

        [Fact]
        public async Task Long_overlapping_values_are_masked_where_they_occur_and_the_rest_is_kept()
        {
            var data = Data(("a", "hunter2-TOP"), ("b", "hunter2-TOPSECRET-SUFFIX"));
            var echo = "Rejected " + B64("hunter2-TOPSECRET-SUFFIX") + " and " + B64("hunter2-TOP") + " near hunter2-TOPSECRET-SUFFIX; see the docs.";
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorJson("InvalidParameter.WithMessage", echo));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(data: data));

            Assert.Equal("Rejected *** and *** near ***; see the docs.", ex.ServiceMessage);
        }

        [Fact]
        public async Task A_fragment_of_a_value_is_masked_too()
        {
            var data = Data(("token", "0123456789abcdefghij"));
            var fragment = B64("0123456789abcdefghij").Substring(4, 12);
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorJson("InvalidParameter.WithMessage", "bad part " + fragment + " and 56789abcdef."));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(data: data));

            Assert.Equal("bad part *** and ***.", ex.ServiceMessage);
        }

        [Fact]
        public async Task A_short_value_that_is_echoed_drops_the_echoed_part()
        {
            var data = Data(("pin", "4711"), ("other", "long-enough-value"));
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorJson("InvalidParameter.WithMessage", "The parameter is invalid {SecretData}: pin=4711"));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(data: data));

            Assert.Equal("The parameter is invalid {SecretData}: " + EchoRedactor.Withheld, ex.ServiceMessage);
            SecretAssert.DoesNotLeak(ex.Message, "4711", "error message");
        }

        [Fact]
        public async Task A_message_that_quotes_nothing_sent_is_kept_as_it_is()
        {
            var data = Data(("pin", "4711"));
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorJson("InvalidParameter.WithMessage", "The specified Key [pin] is invalid."));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(data: data));

            Assert.Equal("The specified Key [pin] is invalid.", ex.ServiceMessage);
        }

        private static void AssertNoRunOf(string secret, string text)
        {
            for (int i = 0; i + EchoRedactor.Window <= secret.Length; i++)
            {
                Assert.False(text.Contains(secret.Substring(i, EchoRedactor.Window), StringComparison.Ordinal),
                    "an 8-character run of a value's base64 (at offset " + i + ") is in the error text");
            }
        }

        // ---- 10. server text is inert ----

        [Fact]
        public async Task Control_characters_from_the_server_never_reach_an_error()
        {
            const string esc = "\u001b[2J\u001b]0;pwned\u0007";
            _handler.ThenJson(HttpStatusCode.BadRequest,
                "{\"RequestId\":\"R-1\\r\\nFAKE: request\",\"Code\":\"Bad\\u001bCode\",\"Message\":\"first line\\r\\nVERBOSE: a fake line" + esc.Replace("\u001b", "\\u001b").Replace("\u0007", "\\u0007") +
                "\\u0085next\",\"Recommend\":\"https://example.com/\\nx\",\"HostId\":\"h\\tost\"}",
                ("x-acs-request-id", "ignored"));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update());

            foreach (var text in new[] { ex.Message, ex.ServiceMessage, ex.ErrorCode, ex.RequestId, ex.Recommend, ex.HostId, ex.ToString() })
            {
                Assert.DoesNotMatch("[\\u0000-\\u001f\\u007f-\\u009f]", text);
            }
            Assert.Equal("Bad\uFFFDCode", ex.ErrorCode);
            Assert.Contains("first line\uFFFD\uFFFDVERBOSE: a fake line", ex.ServiceMessage);
        }

        [Fact]
        public async Task Control_characters_in_a_header_request_id_are_replaced()
        {
            _handler.ThenBody(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html");
            var handler = new FakeSaeHandler().Then((r, t) =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("not json") };
                response.Headers.TryAddWithoutValidation("x-acs-request-id", "abc\u001b[31mdef");
                return Task.FromResult(response);
            });

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(Client(handler)));

            Assert.Equal("abc\uFFFD[31mdef", ex.RequestId);
            Assert.False(ex.Message.Contains('\u001b'), "ESC in: " + ex.Message.Replace('\u001b', '^'));
        }

        // ---- 11. retry hints are capped, total retrying has a deadline ----

        [Theory]
        [InlineData("x-acs-retry-after", "99999999999999999999999999", 60_000)]
        [InlineData("x-acs-retry-after", "9223372036854775807", 60_000)]
        [InlineData("x-acs-retry-after", "120000", 60_000)]
        [InlineData("x-acs-retry-after", "1500", 1_500)]
        [InlineData("Retry-After", "99999999999999999999", 60_000)]
        [InlineData("Retry-After", "7", 7_000)]
        [InlineData("Retry-After", "600", 60_000)]
        public async Task Retry_hints_are_capped_and_never_overflow(string header, string value, long expectedMs)
        {
            _handler.ThenJson((HttpStatusCode)429, ErrorJson("Throttling.User", "slow down"), (header, value)).ThenSuccess();

            var result = await Update();

            Assert.True(result.Success);
            Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Assert.Single(_delays));
        }

        [Fact]
        public async Task A_Retry_After_date_is_honoured_up_to_the_cap()
        {
            var date = DateTimeOffset.UtcNow.AddHours(3).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorJson("ServiceUnavailable", "busy"), ("Retry-After", date)).ThenSuccess();

            await Update();

            Assert.Equal(TimeSpan.FromSeconds(60), Assert.Single(_delays));
        }

        [Fact]
        public async Task Retrying_stops_at_the_deadline()
        {
            _handler.ThenJson((HttpStatusCode)429, ErrorJson("Throttling.User", "slow down"), ("x-acs-retry-after", "60000"));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(retry: new RetryPolicy { MaxRetries = 10, Deadline = TimeSpan.FromSeconds(301) }));

            Assert.Equal("Throttling.User", ex.ErrorCode);
            Assert.Equal(5, _delays.Count); // 5 waits of 60 s (and the sends) fit in 301 s; a sixth would not
            Assert.Equal(6, ex.Attempts);
            Assert.Contains(_verbose, line => line.Contains("no attempt 7: it would start more than 301 s after the first"));
        }

        // ---- 12. errors that will not heal are not retried ----

        [Fact]
        public async Task An_untrusted_certificate_is_its_own_error_and_is_not_retried()
        {
            using var server = new RawHttpServer("HTTP/1.1 200 OK\nContent-Length: 0", stream => Task.CompletedTask, tls: true);

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(new SaeClient(), server.Url));

            Assert.Equal(ErrorIds.TlsCertificateInvalid, ex.ErrorCode);
            Assert.False(ex.IsTransient);
            Assert.Equal(1, ex.Attempts);
            Assert.Equal(1, server.Connections);
            Assert.Contains("could not establish a trusted TLS connection to https://127.0.0.1:", ex.Message);
        }

        [Theory]
        [InlineData("Key\u00e9Id", null)]
        [InlineData("KeyId", "token-\u4e2d")]
        public async Task A_credential_that_cannot_go_in_a_header_is_its_own_error_and_nothing_is_sent(string keyId, string token)
        {
            _handler.ThenSuccess();

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(credential: new AlibabaCloudCredential(keyId, KeySecret, token, null, "test key")));

            Assert.Equal(ErrorIds.InvalidHeaderValue, ex.ErrorCode);
            Assert.False(ex.IsTransient);
            Assert.Empty(_handler.Requests);
            Assert.Contains(token == null ? "'authorization'" : "'x-acs-security-token'", ex.Message);
            if (token != null) SecretAssert.DoesNotLeak(ex.Message, token, "error message");
        }
    }
}
