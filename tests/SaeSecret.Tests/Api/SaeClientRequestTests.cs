using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// What SaeClient puts on the wire for an UpdateSecret: path, query, headers, body and a signature the gateway can check.
    /// </summary>
    public class SaeClientRequestTests : SaeClientTestBase
    {
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
        public async Task Each_request_gets_its_own_nonce()
        {
            _handler.ThenSuccess();

            await Update();
            await Update();

            Assert.Equal(2, _handler.Requests.Count);
            Assert.NotEqual(_handler.Requests[0].Header("x-acs-signature-nonce"), _handler.Requests[1].Header("x-acs-signature-nonce"));
        }
    }

    /// <summary>Every SaeClientRequestTests test again, on the synchronous transport PowerShell 7 cmdlets use.</summary>
    public class SaeClientRequestSynchronousTests : SaeClientRequestTests
    {
        protected override bool Synchronous => true;
    }
}
