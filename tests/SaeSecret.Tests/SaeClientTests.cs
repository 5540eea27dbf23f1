using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestClients;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests
{
    public class SaeClientTests
    {
        private const string StsToken = "TestSecurityToken/with+chars==";
        private const string SecretValue = "TopSecretValue-42";
        private static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");

        private readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private readonly List<string> _verbose = new List<string>();
        private readonly SaeClient _client;

        /// <summary>Whether the client sends with HttpClient.Send on the caller's thread, as cmdlets do on PowerShell 7.</summary>
        protected virtual bool Synchronous => false;

        public SaeClientTests()
        {
            _client = TestClients.Recording(_handler, _delays, Synchronous, _placement);
        }

        /// <summary>This test's own memory of which endpoints read SecretData from the query (the process-wide one is shared).</summary>
        private readonly SecretDataPlacement _placement = new SecretDataPlacement(() => null);

        private static AlibabaCloudCredential StsKey => new AlibabaCloudCredential(KeyId, KeySecret, StsToken, DateTimeOffset.UtcNow.AddHours(1), "test STS key");

        private static EncodedSecretData Data() => TestSecretData.Plain(("password", SecretValue), ("username", "TestUserName"));

        private Task<UpdateSecretResult> Update(
            string namespaceId = "cn-beijing:test", long secretId = 16, AlibabaCloudCredential credential = null,
            RetryPolicy retry = null, EncodedSecretData data = null, CancellationToken cancellationToken = default, SaeClient client = null) =>
            (client ?? _client).SendAsync(
                SaeOperations.UpdateSecret(Endpoint, namespaceId, secretId, data ?? Data()),
                TestKeys.Provider(credential),
                retry ?? Retry(),
                TestClients.CollectInto(_verbose),
                cancellationToken);

        private async Task<SaeServiceException> Fails(
            string namespaceId = "cn-beijing:test", AlibabaCloudCredential credential = null, RetryPolicy retry = null, EncodedSecretData data = null)
        {
            return await Assert.ThrowsAsync<SaeServiceException>(() => Update(namespaceId, credential: credential, retry: retry, data: data));
        }

        private static string ErrorBody(string code, string message = "Something went wrong.", string errorCode = null, string requestId = "E1A2B3C4-REQ") =>
            "{\"RequestId\":\"" + requestId + "\",\"Code\":\"" + code + "\",\"Message\":" + Newtonsoft.Json.JsonConvert.ToString(message) +
            (errorCode == null ? "" : ",\"ErrorCode\":\"" + errorCode + "\"") + ",\"Success\":false,\"TraceId\":\"trace-9\"}";

        // ---- the request on the wire ----

        [Fact]
        public async Task Sends_a_PUT_to_the_UpdateSecret_path_with_the_query()
        {
            _handler.ThenSuccess();

            await Update("cn-beijing:test", 16);

            var r = Assert.Single(_handler.Requests);
            Assert.Equal(HttpMethod.Put, r.Method);
            Assert.Equal("https", r.Uri.Scheme);
            Assert.Equal("sae.cn-beijing.aliyuncs.com", r.Uri.Host);
            Assert.Equal("/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=16", r.Uri.PathAndQuery);
        }

        [Theory]
        [InlineData("cn-hangzhou:ns with space*~!'()", "cn-hangzhou%3Ans%20with%20space%2A~%21%27%28%29")]
        [InlineData("cn-beijing:a+b=c&d#e%f?g/h", "cn-beijing%3Aa%2Bb%3Dc%26d%23e%25f%3Fg%2Fh")]
        [InlineData("cn-shanghai:测试-ü", "cn-shanghai%3A%E6%B5%8B%E8%AF%95-%C3%BC")]
        [InlineData("cn-beijing", "cn-beijing")]
        public async Task Namespace_is_percent_encoded_in_the_url_and_the_signature_still_checks(string namespaceId, string encoded)
        {
            _handler.ThenSuccess("9007199254740993");

            await Update(namespaceId, 9007199254740993);

            var r = Assert.Single(_handler.Requests);
            Assert.Equal("/pop/v1/sam/secret/secret?NamespaceId=" + encoded + "&SecretId=9007199254740993", r.Uri.PathAndQuery);
            Assert.Equal(new[] { new KeyValuePair<string, string>("NamespaceId", namespaceId), new KeyValuePair<string, string>("SecretId", "9007199254740993") },
                Gateway.QueryOf(r.Uri));
            Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
        }

        [Fact]
        public async Task Sends_the_headers_the_gateway_requires()
        {
            _handler.ThenSuccess();
            var before = DateTime.UtcNow.AddSeconds(-1);

            await Update();

            var after = DateTime.UtcNow.AddSeconds(1);
            var r = Assert.Single(_handler.Requests);
            Assert.Equal("sae.cn-beijing.aliyuncs.com", r.Header("host"));
            Assert.Equal("UpdateSecret", r.Header("x-acs-action"));
            Assert.Equal("2019-05-06", r.Header("x-acs-version"));
            Assert.Equal("application/json; charset=utf-8", r.Header("content-type"));
            Assert.Equal("application/json", r.Header("accept"));

            var date = r.Header("x-acs-date");
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", date);
            var parsed = DateTime.ParseExact(date, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            Assert.InRange(parsed, before.AddTicks(-(before.Ticks % TimeSpan.TicksPerSecond)), after);

            Assert.False(string.IsNullOrWhiteSpace(r.Header("x-acs-signature-nonce")), "no nonce");
            Assert.True(r.Header("x-acs-signature-nonce").Length >= 16, "nonce too short to be unique");
        }

        [Fact]
        public async Task Body_is_the_encoded_SecretData_and_its_hash_is_in_the_header()
        {
            _handler.ThenSuccess();
            var data = Data();

            await Update(data: data);

            var r = Assert.Single(_handler.Requests);
            SecretAssert.SameBytes(data.Body, r.Body, "request body");
            Assert.Equal(Hex.Sha256(r.Body), r.Header("x-acs-content-sha256"));
        }

        [Fact]
        public async Task Authorization_recomputes_from_the_recorded_request()
        {
            _handler.ThenSuccess();

            await Update();

            var r = Assert.Single(_handler.Requests);
            var authorization = r.Header("authorization");
            Assert.StartsWith("ACS3-HMAC-SHA256 Credential=TestKeyId,SignedHeaders=", authorization);
            Assert.Equal("content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version", Gateway.SignedHeadersOf(r));
            Assert.Equal(authorization, Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
            Assert.NotEqual(authorization, Gateway.RecomputeAuthorization(r, KeyId, KeySecret + "x"));
        }

        [Fact]
        public async Task Every_x_acs_header_sent_is_signed()
        {
            _handler.ThenSuccess();

            await Update(credential: StsKey);

            var r = Assert.Single(_handler.Requests);
            var signed = Gateway.SignedHeadersOf(r).Split(';');
            foreach (var name in r.Headers.Keys.Where(n => n.StartsWith("x-acs-", StringComparison.Ordinal) || n == "host"))
            {
                Assert.Contains(name, signed);
            }
        }

        [Fact]
        public async Task Sts_credential_adds_signed_token_and_key_id_headers()
        {
            _handler.ThenSuccess();

            await Update(credential: StsKey);

            var r = Assert.Single(_handler.Requests);
            SecretAssert.SameText(StsToken, r.Header("x-acs-security-token"), "x-acs-security-token");
            Assert.Equal(KeyId, r.Header("x-acs-accesskey-id"));
            var signed = Gateway.SignedHeadersOf(r).Split(';');
            Assert.Contains("x-acs-security-token", signed);
            Assert.Contains("x-acs-accesskey-id", signed);
            Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
        }

        [Fact]
        public async Task Long_term_key_sends_no_token_header()
        {
            _handler.ThenSuccess();

            await Update();

            var r = Assert.Single(_handler.Requests);
            Assert.Null(r.Header("x-acs-security-token"));
            Assert.DoesNotContain("x-acs-security-token", Gateway.SignedHeadersOf(r));
        }

        [Fact]
        public async Task No_secret_value_or_key_secret_goes_into_the_url_or_headers()
        {
            _handler.ThenSuccess();
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue));

            await Update(credential: StsKey);

            var r = Assert.Single(_handler.Requests);
            var url = r.Uri.AbsoluteUri;
            foreach (var leak in new[] { SecretValue, base64, AcsPercentEncoder.Encode(base64), KeySecret })
            {
                SecretAssert.DoesNotLeak(url, leak, "the URL");
                foreach (var header in r.Headers) SecretAssert.DoesNotLeak(header.Value, leak, "header " + header.Key);
            }
        }

        [Fact]
        public async Task Each_request_gets_its_own_nonce()
        {
            _handler.ThenSuccess();

            await Update();
            await Update();

            Assert.Equal(2, _handler.Requests.Count);
            Assert.NotEqual(_handler.Requests[0].Header("x-acs-signature-nonce"), _handler.Requests[1].Header("x-acs-signature-nonce"));
        }

        // ---- success ----

        [Theory]
        [InlineData("\"16\"")]
        [InlineData("16")]
        public async Task Success_becomes_a_result(string secretIdJson)
        {
            _handler.ThenSuccess(secretIdJson);

            var result = await Update("cn-beijing:test", 16);

            Assert.Equal("cn-beijing:test", result.NamespaceId);
            Assert.Equal(16L, result.SecretId);
            Assert.True(result.Success);
            Assert.Equal("91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD", result.RequestId);
            Assert.Equal("ac1a0b2215622246421415014e", result.TraceId);
            Assert.Equal("200", result.Code);
            Assert.Equal(new[] { "password", "username" }, result.Keys);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task Result_SecretId_is_the_one_asked_for_and_a_different_answer_is_kept_for_the_warning()
        {
            _handler.ThenSuccess("\"17\"");

            var result = await Update(secretId: 16);

            Assert.Equal(16L, result.SecretId);
            Assert.Equal(17L, result.ServerSecretId);
        }

        [Fact]
        public async Task Numeric_Code_is_accepted()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"r-1\",\"Data\":{\"SecretId\":16},\"Code\":200,\"Success\":true}");

            var result = await Update();

            Assert.Equal("200", result.Code);
            Assert.Equal("r-1", result.RequestId);
        }

        [Fact]
        public async Task Result_ToString_has_no_secret()
        {
            _handler.ThenSuccess();

            var result = await Update();

            SecretAssert.DoesNotLeak(result.ToString(), SecretValue, "result text");
            Assert.Contains("cn-beijing:test/16", result.ToString());
        }

        // ---- errors ----

        [Fact]
        public async Task Sae_error_becomes_SaeServiceException_preferring_ErrorCode()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest,
                ErrorBody("InvalidParameter", "The specified SecretId does not exist.", errorCode: "InvalidSecretId.NotFound", requestId: "REQ-404"));

            var ex = await Fails();

            Assert.Equal("InvalidSecretId.NotFound", ex.ErrorCode);
            Assert.Equal(400, ex.HttpStatusCode);
            Assert.Equal("REQ-404", ex.RequestId);
            Assert.Equal("trace-9", ex.TraceId);
            Assert.Equal("The specified SecretId does not exist.", ex.ServiceMessage);
            Assert.Contains("cn-beijing:test/16", ex.Message);
            Assert.Contains("InvalidSecretId.NotFound", ex.Message);
            Assert.Contains("REQ-404", ex.Message);
            Assert.Contains("The specified SecretId does not exist", ex.Message);
        }

        [Fact]
        public async Task Gateway_error_carries_HostId_and_Recommend()
        {
            _handler.ThenJson(HttpStatusCode.Forbidden,
                "{\"RequestId\":\"GW-1\",\"HostId\":\"sae.cn-beijing.aliyuncs.com\",\"Code\":\"Forbidden.RAM\"," +
                "\"Message\":\"User not authorized to operate on the specified resource.\"," +
                "\"Recommend\":\"https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product=sae\"}");

            var ex = await Fails();

            Assert.Equal("Forbidden.RAM", ex.ErrorCode);
            Assert.Equal(403, ex.HttpStatusCode);
            Assert.Equal("GW-1", ex.RequestId);
            Assert.Equal("sae.cn-beijing.aliyuncs.com", ex.HostId);
            Assert.Equal("https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product=sae", ex.Recommend);
            Assert.Equal(1, ex.Attempts);
        }

        [Fact]
        public async Task RequestId_falls_back_to_the_response_header()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, "{\"Code\":\"InvalidParameter.NotEmpty\",\"Message\":\"You must specify the parameter NamespaceId.\"}",
                ("x-acs-request-id", "HDR-REQ-7"));

            var ex = await Fails();

            Assert.Equal("InvalidParameter.NotEmpty", ex.ErrorCode);
            Assert.Equal("HDR-REQ-7", ex.RequestId);
        }

        [Fact]
        public async Task Error_without_any_code_is_named_after_the_status()
        {
            _handler.ThenJson(HttpStatusCode.NotFound, "{\"RequestId\":\"r\",\"Message\":\"no such route\"}");

            var ex = await Fails();

            Assert.Equal("HTTP404", ex.ErrorCode);
            Assert.Equal(404, ex.HttpStatusCode);
        }

        [Fact]
        public async Task Success_false_on_a_2xx_is_an_error()
        {
            _handler.ThenJson(HttpStatusCode.OK, ErrorBody("InvalidParameter.Obviously", "The parameter is invalid.", requestId: "OK-BUT-NOT"));

            var ex = await Fails();

            Assert.Equal("InvalidParameter.Obviously", ex.ErrorCode);
            Assert.Equal(200, ex.HttpStatusCode);
            Assert.Equal("OK-BUT-NOT", ex.RequestId);
            Assert.Single(_handler.Requests);
        }

        [Fact]
        public async Task Success_false_with_code_200_and_Data_is_still_an_error()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"r\",\"Data\":{\"SecretId\":16},\"Code\":\"200\",\"Success\":false}");

            var ex = await Fails();

            Assert.Equal(ErrorIds.OperationNotSuccessful, ex.ErrorCode);
        }

        [Fact]
        public async Task Ok_without_Data_is_ResponseMissingData()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"NODATA-1\",\"Message\":\"success\",\"Code\":\"200\",\"Success\":true}");

            var ex = await Fails();

            Assert.Equal(ErrorIds.ResponseMissingData, ex.ErrorCode);
            Assert.Equal("NODATA-1", ex.RequestId);
            Assert.Single(_handler.Requests);
        }

        [Theory]
        [InlineData(HttpStatusCode.OK, "", null)]
        [InlineData(HttpStatusCode.OK, "{\"RequestId\":\"r\",\"Data\":{\"Secret", "application/json")]
        [InlineData(HttpStatusCode.BadGateway, "<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>", "text/html")]
        [InlineData(HttpStatusCode.Forbidden, "<?xml version=\"1.0\"?><Error>denied</Error>", "application/xml")]
        public async Task Non_json_answer_is_InvalidResponse_naming_the_status(HttpStatusCode status, string body, string mediaType)
        {
            _handler.ThenBody(status, body, mediaType);

            var ex = await Fails(retry: Retry(maxRetries: 0));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal((int)status, ex.HttpStatusCode);
            Assert.Contains("HTTP " + (int)status, ex.Message);
        }

        [Fact]
        public async Task Html_502_is_retried()
        {
            _handler.ThenBody(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>", "text/html").ThenSuccess();

            var result = await Update();

            Assert.True(result.Success);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public async Task Service_message_echoing_secrets_is_redacted()
        {
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue));
            var echo = "Invalid SecretData {\"password\":\"" + base64 + "\"}: value " + SecretValue +
                       " rejected; key secret " + KeySecret + "; token " + StsToken + ".";
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorBody("InvalidParameter.WithMessage", echo));

            var ex = await Fails(credential: StsKey);

            Assert.Equal("InvalidParameter.WithMessage", ex.ErrorCode);
            Assert.Contains("Invalid SecretData", ex.Message);
            foreach (var leak in new[] { SecretValue, base64, KeySecret, StsToken })
            {
                SecretAssert.DoesNotLeak(ex.Message, leak, "exception message");
                SecretAssert.DoesNotLeak(ex.ServiceMessage, leak, "ServiceMessage");
                SecretAssert.DoesNotLeak(ex.ToString(), leak, "exception text");
            }
        }

        [Fact]
        public async Task Base64Encoded_value_echoed_by_the_service_is_redacted()
        {
            const string plain = "Another-Secret-9";
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(plain));
            var data = SecretDataEncoder.Encode(new[] { new KeyValuePair<string, object>("token", base64) }, true);
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorBody("InvalidParameter.WithMessage", "bad value " + base64 + " / " + plain));

            var ex = await Fails(data: data);

            SecretAssert.DoesNotLeak(ex.Message, base64, "exception message");
            SecretAssert.DoesNotLeak(ex.Message, plain, "exception message");
        }

        [Fact]
        public async Task Verbose_retry_messages_carry_no_secret()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable", "echo " + SecretValue + " " + KeySecret)).ThenSuccess();

            await Update(credential: StsKey);

            Assert.NotEmpty(_verbose);
            foreach (var line in _verbose)
            {
                foreach (var leak in new[] { SecretValue, KeySecret, StsToken }) SecretAssert.DoesNotLeak(line, leak, "verbose line");
            }
        }

        // ---- retries ----

        [Theory]
        [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
        [InlineData(HttpStatusCode.InternalServerError, "OperationFailed.RPCError")]
        [InlineData((HttpStatusCode)429, "Throttling")]
        [InlineData((HttpStatusCode)429, "TooManyRequests")]
        [InlineData(HttpStatusCode.BadRequest, "Throttling.User")]
        public async Task Transient_errors_are_retried_up_to_MaxRetries(HttpStatusCode status, string code)
        {
            _handler.ThenJson(status, ErrorBody(code));

            var ex = await Fails(retry: Retry(maxRetries: 3));

            Assert.Equal(code, ex.ErrorCode);
            Assert.Equal(4, _handler.Requests.Count);
            Assert.Equal(4, ex.Attempts);
            Assert.Equal(3, _delays.Count);
            Assert.Equal(4, _handler.Requests.Select(r => r.Header("x-acs-signature-nonce")).Distinct().Count());
            Assert.Equal(4, _handler.Requests.Select(r => r.Header("authorization")).Distinct().Count());
            foreach (var r in _handler.Requests)
            {
                Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
            }
        }

        [Fact]
        public async Task Transient_error_then_success_returns_the_result()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable"))
                    .ThenJson((HttpStatusCode)429, ErrorBody("Throttling.User"))
                    .ThenSuccess();

            var result = await Update(retry: Retry(maxRetries: 3));

            Assert.True(result.Success);
            Assert.Equal(3, _handler.Requests.Count);
            Assert.Equal(2, _delays.Count);
        }

        [Fact]
        public async Task Connection_failures_are_retried()
        {
            _handler.ThenThrow(new HttpRequestException("Connection refused (sae.cn-beijing.aliyuncs.com:443)"));

            var ex = await Fails(retry: Retry(maxRetries: 2));

            Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorCode);
            Assert.Equal(3, _handler.Requests.Count);
            Assert.Equal(3, ex.Attempts);
            Assert.Contains("Connection refused", ex.Message);
        }

        [Fact]
        public async Task Connection_failure_then_success()
        {
            _handler.ThenThrow(new HttpRequestException("reset")).ThenSuccess();

            var result = await Update();

            Assert.True(result.Success);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Theory]
        [InlineData(HttpStatusCode.BadRequest, "InvalidSecretId.NotFound")]
        [InlineData(HttpStatusCode.BadRequest, "SignatureDoesNotMatch")]
        [InlineData(HttpStatusCode.BadRequest, "SignatureNonceUsed")]
        [InlineData(HttpStatusCode.Forbidden, "Forbidden.RAM")]
        [InlineData(HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound")]
        public async Task Permanent_errors_are_not_retried(HttpStatusCode status, string code)
        {
            _handler.ThenJson(status, ErrorBody(code)).ThenSuccess();

            var ex = await Fails(retry: Retry(maxRetries: 3));

            Assert.Equal(code, ex.ErrorCode);
            Assert.Single(_handler.Requests);
            Assert.Equal(1, ex.Attempts);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task Retry_after_header_sets_the_delay()
        {
            _handler.ThenJson((HttpStatusCode)429, ErrorBody("Throttling.User"), ("x-acs-retry-after", "1500")).ThenSuccess();

            await Update();

            Assert.Equal(new[] { TimeSpan.FromMilliseconds(1500) }, _delays);
        }

        [Fact]
        public async Task Retry_after_header_is_capped()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable"), ("x-acs-retry-after", "3600000")).ThenSuccess();
            var retry = Retry();
            retry.MaxRetryAfter = TimeSpan.FromSeconds(5);

            await Update(retry: retry);

            Assert.Equal(new[] { TimeSpan.FromSeconds(5) }, _delays);
        }

        [Fact]
        public async Task Delays_without_retry_after_back_off_with_jitter()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable"));
            var retry = Retry(maxRetries: 3);

            await Fails(retry: retry);

            Assert.Equal(3, _delays.Count);
            for (int i = 0; i < _delays.Count; i++)
            {
                double ceiling = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, i);
                Assert.InRange(_delays[i].TotalMilliseconds, ceiling * 0.5, ceiling);
            }
        }

        [Fact]
        public async Task MaxRetries_zero_makes_one_attempt()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable")).ThenSuccess();

            var ex = await Fails(retry: Retry(maxRetries: 0));

            Assert.Single(_handler.Requests);
            Assert.Equal(1, ex.Attempts);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task Each_attempt_gets_a_fresh_date_and_nonce()
        {
            // A real pause so that the second attempt falls in a later second than the first.
            var client = new SaeClient(new HttpClient(_handler), (wait, token) => Task.Delay(TimeSpan.FromMilliseconds(1100), token), Synchronous);
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable")).ThenSuccess();

            await Update(retry: Retry(maxRetries: 1), client: client);

            Assert.Equal(2, _handler.Requests.Count);
            var (first, second) = (_handler.Requests[0], _handler.Requests[1]);
            Assert.NotEqual(first.Header("x-acs-date"), second.Header("x-acs-date"));
            Assert.NotEqual(first.Header("x-acs-signature-nonce"), second.Header("x-acs-signature-nonce"));
            Assert.Equal(second.Header("authorization"), Gateway.RecomputeAuthorization(second, KeyId, KeySecret));
        }

        [Fact]
        public async Task A_hung_request_times_out_as_RequestTimedOut()
        {
            _handler.Then(async (r, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            });

            var ex = await Fails(retry: Retry(maxRetries: 1, timeout: TimeSpan.FromMilliseconds(50)));

            Assert.Equal(ErrorIds.RequestTimedOut, ex.ErrorCode);
            Assert.True(ex.IsTransient);
            Assert.Equal(2, _handler.Requests.Count);
            Assert.Equal(2, ex.Attempts);
            Assert.Contains("cn-beijing:test/16", ex.Message);
        }

        [Fact]
        public async Task Cancelling_the_callers_token_stops_without_retrying()
        {
            using var cts = new CancellationTokenSource();
            _handler.Then(async (r, token) =>
            {
                cts.Cancel();
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Update(retry: Retry(maxRetries: 3), cancellationToken: cts.Token));

            Assert.Single(_handler.Requests);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task An_already_cancelled_token_sends_nothing()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            _handler.ThenSuccess();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Update(cancellationToken: cts.Token));

            Assert.Empty(_handler.Requests);
        }

        [Fact]
        public async Task Missing_credentials_fail_before_sending()
        {
            _handler.ThenSuccess();
            var provider = new NoCredentials();

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => _client.SendAsync(
                SaeOperations.UpdateSecret(Endpoint, "cn-beijing:test", 16, Data()), provider, Retry(), null, CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsNotFound, ex.ErrorId);
            Assert.Contains("nothing configured", ex.Message);
            Assert.Empty(_handler.Requests);
        }

        private sealed class NoCredentials : ICredentialProvider
        {
            public string Name => "no source";
            public Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken) =>
                Task.FromResult(CredentialLookup.NotFound("nothing configured"));
        }

        // ---- RetryPolicy ----

        [Fact]
        public void DelayBefore_grows_and_is_capped_with_jitter_between_half_and_full_ceiling()
        {
            var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(20) };
            double previousCeiling = 0;
            for (int attempt = 2; attempt <= 40; attempt++)
            {
                double ceiling = Math.Min(20000, 200 * Math.Pow(2, attempt - 2));
                Assert.True(ceiling >= previousCeiling, "ceiling shrank");
                previousCeiling = ceiling;
                for (int sample = 0; sample < 200; sample++)
                {
                    var delay = policy.DelayBefore(attempt, null).TotalMilliseconds;
                    Assert.InRange(delay, ceiling * 0.5, ceiling);
                }
            }
        }

        [Fact]
        public void DelayBefore_doubles_until_the_cap()
        {
            var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

            double Max(int attempt) => Enumerable.Range(0, 500).Max(_ => policy.DelayBefore(attempt, null).TotalMilliseconds);
            double Min(int attempt) => Enumerable.Range(0, 500).Min(_ => policy.DelayBefore(attempt, null).TotalMilliseconds);

            Assert.InRange(Max(2), 50, 100);
            Assert.InRange(Min(4), 200, 400);
            Assert.InRange(Min(6), 500, 1000);
            Assert.InRange(Max(1000), 500, 1000);
            Assert.True(Min(5) > Max(2), "the delay did not grow");
        }

        [Fact]
        public void DelayBefore_jitter_actually_varies()
        {
            var policy = new RetryPolicy();

            var samples = Enumerable.Range(0, 100).Select(_ => policy.DelayBefore(5, null)).Distinct().Count();

            Assert.True(samples > 5, "no jitter");
        }

        [Fact]
        public void DelayBefore_honours_retry_after_up_to_the_cap()
        {
            var policy = new RetryPolicy { MaxRetryAfter = TimeSpan.FromSeconds(60) };

            Assert.Equal(TimeSpan.FromMilliseconds(1500), policy.DelayBefore(2, TimeSpan.FromMilliseconds(1500)));
            Assert.Equal(TimeSpan.Zero, policy.DelayBefore(2, TimeSpan.Zero));
            Assert.Equal(TimeSpan.FromSeconds(60), policy.DelayBefore(2, TimeSpan.FromHours(1)));
        }
    }

    /// <summary>Every SaeClient test again, on the synchronous transport PowerShell 7 cmdlets use.</summary>
    public class SaeClientSynchronousTests : SaeClientTests
    {
        protected override bool Synchronous => true;

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
    }
}
