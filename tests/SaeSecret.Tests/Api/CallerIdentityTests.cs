using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// STS GetCallerIdentity as an operation: what goes on the wire (RPC style, POST /, STS's version), the answer read
    /// without a Data wrapper, identity types in any case, the masked key and its source, and failures keyed by STS's code.
    /// </summary>
    public class CallerIdentityTests
    {
        private const string KeyId = "FAKEtestKeyIdNotReal0123xyz";
        private const string KeySecret = "CallerIdentity-Secret-41";
        private static readonly Uri Sts = new Uri("https://sts.aliyuncs.com");

        private readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private readonly SaeClient _client;

        public CallerIdentityTests()
        {
            _client = new SaeClient(new HttpClient(_handler), (wait, token) => Task.CompletedTask);
        }

        private Task<CallerIdentity> Send(int maxRetries = 3, string source = "environment variables") =>
            _client.SendAsync(StsOperations.GetCallerIdentity(Sts),
                new StaticCredentialProvider(new AlibabaCloudCredential(KeyId, KeySecret, null, null, source)),
                new RetryPolicy { MaxRetries = maxRetries, Timeout = TimeSpan.FromSeconds(10) }, null, CancellationToken.None);

        private const string RamUserAnswer =
            "{\"RequestId\":\"7F2E1C3A-0000-4000-8000-000000000001\",\"AccountId\":\"1234567890123456\",\"UserId\":\"2000000000000001\"," +
            "\"Arn\":\"acs:ram::1234567890123456:user/alice\",\"IdentityType\":\"RAMUser\",\"PrincipalId\":\"2000000000000001\"}";

        [Fact]
        public async Task Posts_to_the_root_of_the_sts_endpoint_signed_with_the_sts_version()
        {
            _handler.ThenJson(HttpStatusCode.OK, RamUserAnswer);
            await Send();
            var request = Assert.Single(_handler.Requests);
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("https://sts.aliyuncs.com/", request.Uri.AbsoluteUri);
            Assert.Equal("GetCallerIdentity", request.Header("x-acs-action"));
            Assert.Equal("2015-04-01", request.Header("x-acs-version"));
            Assert.StartsWith("ACS3-HMAC-SHA256 Credential=" + KeyId + ",", request.Header("authorization"));
            Assert.Null(request.Body);
        }

        [Fact]
        public async Task Reads_the_answer_without_a_data_wrapper()
        {
            _handler.ThenJson(HttpStatusCode.OK, RamUserAnswer);
            var identity = await Send(source: "aliyun CLI profile 'prod' (AK)");
            Assert.Equal("1234567890123456", identity.AccountId);
            Assert.Equal("RAMUser", identity.IdentityType);
            Assert.Equal("acs:ram::1234567890123456:user/alice", identity.Arn);
            Assert.Equal("2000000000000001", identity.PrincipalId);
            Assert.Equal("2000000000000001", identity.UserId);
            Assert.Null(identity.RoleId);
            Assert.Equal("7F2E1C3A-0000-4000-8000-000000000001", identity.RequestId);
            Assert.Equal("aliyun CLI profile 'prod' (AK)", identity.CredentialSource);
            Assert.Equal("acs:ram::1234567890123456:user/alice", identity.ToString());
        }

        [Fact]
        public async Task Shows_at_most_the_first_four_and_last_three_characters_of_the_key()
        {
            _handler.ThenJson(HttpStatusCode.OK, RamUserAnswer);
            var identity = await Send();
            Assert.Equal("FAKE" + new string('*', KeyId.Length - 7) + "xyz", identity.AccessKeyId);
            Assert.DoesNotContain(KeyId.Substring(4, KeyId.Length - 7), identity.AccessKeyId, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("EmulatorKeyId", "Emul******yId")]
        [InlineData("STS.NUexampleTemporaryKey987", "STS.*********************987")]
        [InlineData("12345678", "********")]
        [InlineData("abc", "***")]
        public void Masks_keys_of_any_length_showing_never_more_than_seven_characters(string keyId, string masked)
        {
            var credential = new AlibabaCloudCredential(keyId, "secret", null, null, "test");
            Assert.Equal(masked, credential.MaskedAccessKeyId);
            Assert.Equal(keyId.Length, masked.Length);
            Assert.True(masked.Replace("*", string.Empty, StringComparison.Ordinal).Length <= 7);
        }

        [Fact]
        public async Task Reads_an_assumed_role_with_its_role_id()
        {
            _handler.ThenJson(HttpStatusCode.OK,
                "{\"RequestId\":\"R\",\"AccountId\":\"1234567890123456\",\"RoleId\":\"300000000000001\",\"IdentityType\":\"assumedroleuser\"," +
                "\"Arn\":\"acs:ram::1234567890123456:assumed-role/deployer/ci\",\"PrincipalId\":\"300000000000001:ci\"}");
            var identity = await Send();
            Assert.Equal("AssumedRoleUser", identity.IdentityType);
            Assert.Equal("300000000000001", identity.RoleId);
            Assert.Null(identity.UserId);
        }

        [Theory]
        [InlineData("Account", "Account")]
        [InlineData("account", "Account")]
        [InlineData("RAMUser", "RAMUser")]
        [InlineData("ramuser", "RAMUser")]
        [InlineData("RAMUSER", "RAMUser")]
        [InlineData("AssumedRoleUser", "AssumedRoleUser")]
        [InlineData(" assumedRoleUser ", "AssumedRoleUser")]
        [InlineData("FederatedUser", "FederatedUser")]
        [InlineData("", null)]
        [InlineData("  ", null)]
        [InlineData(null, null)]
        public void Identity_types_are_compared_without_case_and_spelt_as_STS_spells_them(string given, string expected)
        {
            Assert.Equal(expected, StsOperations.CanonicalIdentityType(given));
        }

        [Fact]
        public async Task An_sts_error_keeps_its_code_as_the_error_code()
        {
            _handler.ThenJson(HttpStatusCode.NotFound,
                "{\"RequestId\":\"E1\",\"HostId\":\"sts.aliyuncs.com\",\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is not found.\"}");
            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Send());
            Assert.Equal("InvalidAccessKeyId.NotFound", ex.ErrorCode);
            Assert.Equal(404, ex.HttpStatusCode);
            Assert.Equal("E1", ex.RequestId);
            Assert.Single(_handler.Requests);
            Assert.DoesNotContain(KeySecret, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Throttling_is_retried_like_every_other_call()
        {
            _handler.ThenJson((HttpStatusCode)429, "{\"RequestId\":\"T\",\"Code\":\"Throttling.User\",\"Message\":\"Request was denied due to user flow control.\"}")
                .ThenJson(HttpStatusCode.OK, RamUserAnswer);
            var identity = await Send();
            Assert.Equal("RAMUser", identity.IdentityType);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public async Task An_answer_without_account_or_type_is_an_invalid_response()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"N\",\"Arn\":\"acs:ram::1:root\"}");
            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Send());
            Assert.Equal("InvalidResponse", ex.ErrorCode);
        }

        [Fact]
        public async Task A_success_false_answer_is_a_failure()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"F\",\"Success\":false,\"Code\":\"Denied\"}");
            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Send(maxRetries: 0));
            Assert.Equal("Denied", ex.ErrorCode);
        }
    }

    /// <summary>Where Get-SaeCallerIdentity sends: -Endpoint, else the STS endpoint AssumeRole uses (environment-dependent).</summary>
    [Collection("Environment")]
    public class CallerIdentityEndpointTests
    {
        [Fact]
        public void The_sts_endpoint_is_minus_endpoint_else_the_one_assume_role_uses()
        {
            using (new EnvironmentScope().Set("SAESECRET_STS_ENDPOINT", null).Set("ALIBABA_CLOUD_STS_REGION", null).Set("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", null))
            {
                Assert.Equal("https://sts.aliyuncs.com/", new EndpointResolver(null, null).ForSts(null).AbsoluteUri);
                Assert.Equal("https://sts.cn-shanghai.aliyuncs.com/", new EndpointResolver(null, null).ForSts("cn-shanghai").AbsoluteUri);
                Assert.Equal("http://127.0.0.1:8080/", new EndpointResolver(new Uri("http://127.0.0.1:8080"), null).ForSts("cn-shanghai").AbsoluteUri);
                var invalid = Assert.Throws<SaeInputException>(() => new EndpointResolver(null, null).ForSts("not a region"));
                Assert.Equal("RegionIdInvalid", invalid.ErrorId);
                var plain = Assert.Throws<SaeInputException>(() => new EndpointResolver(new Uri("http://sts.example.com"), null).ForSts(null));
                Assert.Equal("EndpointNotHttps", plain.ErrorId);
            }
        }

        [Fact]
        public void SAESECRET_STS_ENDPOINT_applies_unless_minus_endpoint_is_given()
        {
            using (new EnvironmentScope().Set("SAESECRET_STS_ENDPOINT", "http://127.0.0.1:9999").Set("ALIBABA_CLOUD_STS_REGION", "cn-hangzhou"))
            {
                Assert.Equal("http://127.0.0.1:9999/", new EndpointResolver(null, null).ForSts(null).AbsoluteUri);
                Assert.Equal("http://127.0.0.1:9999/", new EndpointResolver(null, null).ForSts("cn-shanghai").AbsoluteUri);
                Assert.Equal("https://sts.example.com/", new EndpointResolver(new Uri("https://sts.example.com"), null).ForSts(null).AbsoluteUri);
            }
            using (new EnvironmentScope().Set("SAESECRET_STS_ENDPOINT", null).Set("ALIBABA_CLOUD_STS_REGION", "cn-hangzhou").Set("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "true"))
            {
                Assert.Equal("https://sts-vpc.cn-hangzhou.aliyuncs.com/", new EndpointResolver(null, null).ForSts(null).AbsoluteUri);
            }
        }
    }
}
