using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Tests.Credentials
{
    /// <summary>
    /// A key, secret or token with a control character would inject headers (or a second request line) when
    /// signed and sent; every source must turn it into CredentialsInvalid before anything is sent.
    /// </summary>
    [Collection("Environment")]
    public class CredentialControlCharacterTests : IDisposable
    {
        private const string Visible = "Injected-Distinct-93";
        private const string Injection = Visible + "\r\nX-Injected: 1";
        private readonly TempDirectory _dir = new TempDirectory();
        private readonly EnvironmentScope _env = new EnvironmentScope();

        public CredentialControlCharacterTests() => TemporaryCredentialCache.Clear();

        public void Dispose()
        {
            _env.Dispose();
            _dir.Dispose();
            TemporaryCredentialCache.Clear();
        }

        public static IEnumerable<object[]> FieldsAndControlCharacters()
        {
            foreach (var field in new[] { "AccessKeyId", "AccessKeySecret", "SecurityToken" })
            {
                foreach (var c in new[] { '\r', '\n', '\0', '\t', '\u001b', '\u007f', '\u0085', '\u009b' })
                {
                    yield return new object[] { field, (int)c };
                }
            }
        }

        [Theory]
        [MemberData(nameof(FieldsAndControlCharacters))]
        public void A_control_character_in_any_field_is_CredentialsInvalid_naming_source_and_field_not_the_value(string field, int character)
        {
            var bad = "Before-" + Visible + (char)character + "After";

            var ex = Assert.Throws<CredentialsException>(() => new AlibabaCloudCredential(
                field == "AccessKeyId" ? bad : "KeyId",
                field == "AccessKeySecret" ? bad : "KeySecret",
                field == "SecurityToken" ? bad : "Token",
                null, "unit test source"));

            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
            Assert.StartsWith("unit test source: the " + field + " contains a control character", ex.Message);
            SecretAssert.DoesNotLeak(ex.ToString(), Visible, "the error");
        }

        [Theory]
        [InlineData("STS.NV1Rd+/=")]
        [InlineData("密钥-ñ-with space")]
        public void Printable_text_is_accepted(string value)
        {
            var credential = new AlibabaCloudCredential(value, value, value, null, "unit test source");

            Assert.Equal(value, credential.AccessKeyId);
        }

        [Fact]
        public async Task Environment_variables()
        {
            _env.Set("ALIBABA_CLOUD_ACCESS_KEY_ID", "EnvId").Set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EnvSecret").Set("ALIBABA_CLOUD_SECURITY_TOKEN", Injection);

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => CredentialChain.CreateDefault().GetCredentialAsync(CancellationToken.None));

            AssertInvalid(ex, "environment variables (STS token): the SecurityToken");
        }

        [Fact]
        public async Task An_aliyun_CLI_profile()
        {
            var path = _dir.Write("config.json", "{\"current\":\"p\",\"profiles\":[{\"name\":\"p\",\"mode\":\"AK\",\"access_key_id\":\"Id\",\"access_key_secret\":" +
                Newtonsoft.Json.JsonConvert.ToString(Injection) + "}]}");
            _env.Set("ALIBABA_CLOUD_CONFIG_FILE", path);

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => CredentialChain.CreateDefault().GetCredentialAsync(CancellationToken.None));

            AssertInvalid(ex, "aliyun CLI profile 'p' (AK): the AccessKeySecret");
        }

        [Fact]
        public async Task The_credentials_file()
        {
            var path = _dir.Write("credentials", "[default]\ntype = access_key\naccess_key_id = Id\u007f" + Visible + "\naccess_key_secret = s\n");
            _env.Set("ALIBABA_CLOUD_CREDENTIALS_FILE", path);

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => CredentialChain.CreateDefault().GetCredentialAsync(CancellationToken.None));

            AssertInvalid(ex, "credentials file profile 'default' (access_key): the AccessKeyId");
        }

        [Fact]
        public async Task An_STS_answer()
        {
            var handler = new FakeSaeHandler().ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"R\",\"Credentials\":{\"AccessKeyId\":\"STS.x\",\"AccessKeySecret\":\"s\"," +
                "\"SecurityToken\":" + Newtonsoft.Json.JsonConvert.ToString(Injection) + ",\"Expiration\":\"2099-01-01T00:00:00Z\"}}");
            var sts = new StsClient(new Uri("https://sts.aliyuncs.com"), new HttpClient(handler));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => sts.AssumeRoleAsync(
                new AlibabaCloudCredential("Caller", "CallerSecret", null, null, "test"), new RoleSessionParameters("acs:ram::1:role/r", null, null, null, null),
                "aliyun CLI profile 'role' (RamRoleArn)", CancellationToken.None));

            AssertInvalid(ex, "aliyun CLI profile 'role' (RamRoleArn): the SecurityToken");
        }

        [Fact]
        public async Task Instance_metadata()
        {
            _env.Set("SAESECRET_ECS_METADATA_ENDPOINT", "http://127.0.0.1:9");
            var handler = new FakeSaeHandler().ThenBody(HttpStatusCode.OK, "session", "text/plain")
                .ThenJson(HttpStatusCode.OK, "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.x\",\"AccessKeySecret\":" + Newtonsoft.Json.JsonConvert.ToString(Injection) +
                    ",\"SecurityToken\":\"t\",\"Expiration\":\"2099-01-01T00:00:00Z\"}");
            var provider = new EcsRamRoleCredentialProvider("worker", false, null, new HttpClient(handler));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            AssertInvalid(ex, "ECS RAM role 'worker': the AccessKeySecret");
        }

        [Fact]
        public async Task A_credentials_URI_token_never_reaches_the_SAE_request()
        {
            var uriHandler = new FakeSaeHandler().ThenJson(HttpStatusCode.OK, "{\"AccessKeyId\":\"STS.x\",\"AccessKeySecret\":\"s\",\"SecurityToken\":" +
                Newtonsoft.Json.JsonConvert.ToString(Injection) + ",\"Expiration\":\"2099-01-01T00:00:00Z\"}");
            var saeHandler = new FakeSaeHandler().ThenSuccess();
            var provider = new CredentialsUriCredentialProvider("http://127.0.0.1:9/creds", "ALIBABA_CLOUD_CREDENTIALS_URI", null, new HttpClient(uriHandler));
            var request = SaeOperations.UpdateSecret(new Uri("https://sae.cn-beijing.aliyuncs.com/"), "cn-beijing:test", 16,
                SecretDataEncoder.Encode(new[] { new KeyValuePair<string, object>("k", "v") }, false));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() =>
                new SaeClient(new HttpClient(saeHandler)).SendAsync(request, provider, new RetryPolicy(), null, CancellationToken.None));

            AssertInvalid(ex, "credentials URI 'http://127.0.0.1:9/creds': the SecurityToken");
            Assert.Empty(saeHandler.Requests);
        }

        [Fact]
        public async Task An_External_process()
        {
            var output = _dir.Write("out.json", "{\"mode\":\"AK\",\"access_key_id\":\"Id\",\"access_key_secret\":" + Newtonsoft.Json.JsonConvert.ToString(Injection) + "}");
            var command = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? "cmd.exe /d /c type \"" + output + "\""
                : "/bin/cat '" + output + "'";
            var provider = new ExternalProcessCredentialProvider(command, "aliyun CLI profile 'ext' (External)");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            AssertInvalid(ex, "aliyun CLI profile 'ext' (External): the AccessKeySecret");
        }

        private static void AssertInvalid(CredentialsException ex, string expectedStart)
        {
            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
            Assert.StartsWith(expectedStart + " contains a control character", ex.Message);
            SecretAssert.DoesNotLeak(ex.ToString(), Visible, "the error");
        }
    }
}
