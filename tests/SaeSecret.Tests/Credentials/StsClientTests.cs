using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Credentials
{
    public class StsClientTests
    {
        private const string CallerSecret = "CallerSecret-Distinct-11";
        private const string CallerToken = "CallerToken+/=Distinct";
        private const string OidcToken = "eyJ.oidc-Distinct-token";
        private const string RoleArn = "acs:ram::1234567890123456:role/test";
        private static readonly Uri Endpoint = new Uri("https://sts.cn-hangzhou.aliyuncs.com");

        private static readonly string Issued =
            "{\"RequestId\":\"R-1\",\"AssumedRoleUser\":{\"Arn\":\"x\",\"AssumedRoleId\":\"1:s\"},\"Credentials\":{\"AccessKeyId\":\"STS.Issued\"," +
            "\"AccessKeySecret\":\"IssuedSecret\",\"SecurityToken\":\"IssuedToken\",\"Expiration\":\"2026-11-27T09:00:00Z\"}}";

        private readonly FakeSaeHandler _handler = new FakeSaeHandler();

        private StsClient Client => new StsClient(Endpoint, new HttpClient(_handler));

        [Fact]
        public async Task AssumeRole_is_a_V3_signed_POST_to_root_with_parameters_in_the_query()
        {
            _handler.ThenJson(HttpStatusCode.OK, Issued);
            var caller = new AlibabaCloudCredential("CallerKeyId", CallerSecret, null, null, "test");
            var role = new RoleSessionParameters(RoleArn, "my session", 1800, "{\"Version\":\"1\"}", "ext-1");

            var credential = await Client.AssumeRoleAsync(caller, role, "aliyun CLI profile 'p' (RamRoleArn)", CancellationToken.None);

            Assert.Equal("STS.Issued", credential.AccessKeyId);
            Assert.True(credential.IsTemporary);
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), credential.Expiration);
            Assert.Equal("aliyun CLI profile 'p' (RamRoleArn)", credential.Source);

            var request = _handler.Requests.Single();
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("/", request.Uri.AbsolutePath);
            Assert.Equal("?DurationSeconds=1800&ExternalId=ext-1&Policy=%7B%22Version%22%3A%221%22%7D&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Ftest&RoleSessionName=my%20session",
                request.Uri.Query);
            Assert.Equal("AssumeRole", request.Header("x-acs-action"));
            Assert.Equal("2015-04-01", request.Header("x-acs-version"));
            Assert.Equal(Hex.EmptySha256, request.Header("x-acs-content-sha256"));
            Assert.Null(request.Header("x-acs-security-token"));

            // Recompute the signature from what was sent: the server must be able to do the same.
            var signedNames = request.Header("authorization").Split(new[] { "SignedHeaders=" }, StringSplitOptions.None)[1].Split(',')[0].Split(';');
            Assert.Equal(new[] { "host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version" }, signedNames);
            var query = new[]
            {
                Pair("DurationSeconds", "1800"), Pair("ExternalId", "ext-1"), Pair("Policy", "{\"Version\":\"1\"}"),
                Pair("RoleArn", RoleArn), Pair("RoleSessionName", "my session"),
            };
            var expected = Acs3Signer.Sign("POST", "/", query, signedNames.Select(n => Pair(n, request.Header(n))), Hex.EmptySha256, "CallerKeyId", CallerSecret);
            Assert.Equal(expected.Authorization, request.Header("authorization"));
        }

        [Fact]
        public async Task AssumeRole_with_an_sts_caller_signs_its_token()
        {
            _handler.ThenJson(HttpStatusCode.OK, Issued);
            var caller = new AlibabaCloudCredential("STS.Caller", CallerSecret, CallerToken, null, "test");

            await Client.AssumeRoleAsync(caller, new RoleSessionParameters(RoleArn, null, null, null, null), "test", CancellationToken.None);

            var request = _handler.Requests.Single();
            Assert.True(request.Header("x-acs-security-token") == CallerToken, "the caller's token was not sent");
            Assert.Equal("STS.Caller", request.Header("x-acs-accesskey-id"));
            Assert.Contains("x-acs-security-token", request.Header("authorization"));
            Assert.Contains("RoleSessionName=SaeSecret", request.Uri.Query);
            Assert.Contains("DurationSeconds=3600", request.Uri.Query);
            Assert.DoesNotContain("Policy", request.Uri.Query);
        }

        [Fact]
        public async Task AssumeRoleWithOidc_is_unsigned_with_the_token_in_a_form_body()
        {
            _handler.ThenJson(HttpStatusCode.OK, Issued);

            await Client.AssumeRoleWithOidcAsync("acs:ram::1:oidc-provider/p", OidcToken, new RoleSessionParameters(RoleArn, "pod", null, null, null), "test", CancellationToken.None);

            var request = _handler.Requests.Single();
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Null(request.Header("authorization"));
            Assert.Contains("Action=AssumeRoleWithOIDC", request.Uri.Query);
            Assert.Contains("Version=2015-04-01", request.Uri.Query);
            Assert.DoesNotContain("oidc-Distinct", request.Uri.ToString());
            Assert.StartsWith("application/x-www-form-urlencoded", request.Header("content-type"));
            var body = Encoding.UTF8.GetString(request.Body);
            Assert.Contains("OIDCToken=" + AcsPercentEncoder.Encode(OidcToken), body);
            Assert.Contains("OIDCProviderArn=acs%3Aram%3A%3A1%3Aoidc-provider%2Fp", body);
            Assert.Contains("RoleSessionName=pod", body);
            Assert.Contains("DurationSeconds=3600", body);
        }

        [Fact]
        public async Task An_sts_error_names_code_status_and_request_id_and_redacts_echoed_secrets()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest,
                "{\"RequestId\":\"R-9\",\"Code\":\"AuthenticationFail.OIDCToken.Invalid\",\"Message\":\"token " + OidcToken + " is invalid.\"}");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() =>
                Client.AssumeRoleWithOidcAsync("acs:ram::1:oidc-provider/p", OidcToken, new RoleSessionParameters(RoleArn, null, null, null, null), "OIDC role 'r'", CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsSourceFailed, ex.ErrorId);
            Assert.Equal("OIDC role 'r': STS AssumeRoleWithOIDC at https://sts.cn-hangzhou.aliyuncs.com failed: AuthenticationFail.OIDCToken.Invalid, HTTP 400: token *** is invalid. RequestId: R-9.", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, OidcToken, "the error");
        }

        [Fact]
        public async Task A_non_json_error_and_a_success_without_credentials_are_reported_plainly()
        {
            _handler.ThenBody(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html").ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"R\"}");
            var caller = new AlibabaCloudCredential("Caller", CallerSecret, null, null, "test");
            var role = new RoleSessionParameters(RoleArn, null, null, null, null);

            var gateway = await Assert.ThrowsAsync<CredentialsException>(() => Client.AssumeRoleAsync(caller, role, "src", CancellationToken.None));
            var empty = await Assert.ThrowsAsync<CredentialsException>(() => Client.AssumeRoleAsync(caller, role, "src", CancellationToken.None));

            Assert.Contains("failed: a body that is not JSON, HTTP 502.", gateway.Message);
            Assert.Contains("without a Credentials object", empty.Message);
        }

        [Fact]
        public async Task Unreachable_sts_is_a_source_failure_naming_the_endpoint()
        {
            _handler.ThenThrow(new HttpRequestException("Connection refused"));
            var caller = new AlibabaCloudCredential("Caller", CallerSecret, null, null, "test");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() =>
                Client.AssumeRoleAsync(caller, new RoleSessionParameters(RoleArn, null, null, null, null), "src", CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsSourceFailed, ex.ErrorId);
            Assert.Contains("sts.cn-hangzhou.aliyuncs.com", ex.Message);
            Assert.Contains("Connection refused", ex.Message);
        }

        private static KeyValuePair<string, string> Pair(string name, string value) => new KeyValuePair<string, string>(name, value);
    }
}
