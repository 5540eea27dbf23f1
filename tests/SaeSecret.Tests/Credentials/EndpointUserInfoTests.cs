using System;
using System.Collections;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.Tests.Credentials;
using SaeSecret.Tests.Support;
using Xunit;
using SaeSecret.PowerShell.Rules;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Tests.Credentials
{
    /// <summary>A password in an endpoint's user info (or in text that merely looks like one) never shows in an error.</summary>
    [Collection("Environment")]
    public class EndpointUserInfoTests : IDisposable
    {
        private const string Password = "UserInfoPw-Distinct-27";

        /// <summary>Malformed and well-formed URLs whose user info holds {pw}, the password (kept out of the test names).</summary>
        public static TheoryData<string> WithPassword => new TheoryData<string>
        {
            "https//user:{pw}@sae.cn-beijing.aliyuncs.com",
            "https://user:{pw}@sae.cn-beijing.aliyuncs.com",
            "http://user:{pw}@sae.cn-beijing.aliyuncs.com",
            "ftp://user:{pw}@sae.cn-beijing.aliyuncs.com/",
            "user:{pw}@sae.cn-beijing.aliyuncs.com",
            "https:user:{pw}@sae.cn-beijing.aliyuncs.com",
            "//user:{pw}@sae.cn-beijing.aliyuncs.com",
        };

        private static string WithThePassword(string template) => template.Replace("{pw}", Password);

        private readonly EnvironmentScope _env = new EnvironmentScope();

        public EndpointUserInfoTests() => TemporaryCredentialCache.Clear();

        public void Dispose()
        {
            _env.Dispose();
            TemporaryCredentialCache.Clear();
        }

        /// <summary>Message, ToString and every public property of the exception, as a PowerShell error view would show them.</summary>
        private static string Everything(Exception ex)
        {
            var text = new StringBuilder(ex.ToString()).Append('\n').Append(ex.Message);
            foreach (var property in ex.GetType().GetProperties())
            {
                if (property.GetIndexParameters().Length > 0) continue;
                var value = property.GetValue(ex);
                text.Append('\n').Append(property.Name).Append('=').Append(value);
                if (value is IDictionary data)
                {
                    foreach (DictionaryEntry entry in data) text.Append('\n').Append(entry.Key).Append('=').Append(entry.Value);
                }
            }
            return text.ToString();
        }

        [Theory]
        [MemberData(nameof(WithPassword))]
        public void The_Endpoint_parameter(string template)
        {
            var endpoint = WithThePassword(template);
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.ValidateEndpoint(new Uri(endpoint, UriKind.RelativeOrAbsolute), "Endpoint"));

            Assert.StartsWith("Endpoint", ex.ErrorId);
            SecretAssert.DoesNotLeak(Everything(ex), Password, "the error");
        }

        [Theory]
        [MemberData(nameof(WithPassword))]
        public async Task SAESECRET_STS_ENDPOINT(string template)
        {
            _env.Set("SAESECRET_STS_ENDPOINT", WithThePassword(template));
            var caller = new StaticCredentialProvider(new AlibabaCloudCredential("Id", "Secret", null, null, "test"));
            var provider = new RamRoleArnCredentialProvider(caller, "key\nId", new RoleSessionParameters("acs:ram::1:role/r", null, null, null, null), null, null,
                "aliyun CLI profile 'role' (RamRoleArn)", new HttpClient(new FakeSaeHandler().ThenJson(HttpStatusCode.InternalServerError, "{}")));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
            SecretAssert.DoesNotLeak(Everything(ex), Password, "the error");
        }

        [Theory]
        [MemberData(nameof(WithPassword))]
        public async Task SAESECRET_ECS_METADATA_ENDPOINT(string template)
        {
            _env.Set("SAESECRET_ECS_METADATA_ENDPOINT", WithThePassword(template));
            var provider = new EcsRamRoleCredentialProvider("worker", false, "credentials file profile 'ecs' (ecs_ram_role)",
                new HttpClient(new FakeSaeHandler().ThenJson(HttpStatusCode.InternalServerError, "{}")));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
            SecretAssert.DoesNotLeak(Everything(ex), Password, "the error");
        }

        [Theory]
        [MemberData(nameof(WithPassword))]
        public async Task ALIBABA_CLOUD_CREDENTIALS_URI(string template)
        {
            var uri = WithThePassword(template);
            // A valid https URL is fetched; the answer is an error, which names the URL.
            var handler = new FakeSaeHandler().ThenJson(HttpStatusCode.InternalServerError, "{}");
            var provider = new CredentialsUriCredentialProvider(uri, "ALIBABA_CLOUD_CREDENTIALS_URI", null, new HttpClient(handler));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            SecretAssert.DoesNotLeak(Everything(ex), Password, "the error");
        }

        [Fact]
        public async Task ALIBABA_CLOUD_CREDENTIALS_URI_that_cannot_be_reached()
        {
            var provider = new CredentialsUriCredentialProvider("https://user:" + Password + "@sae-secret-test.invalid/creds", "ALIBABA_CLOUD_CREDENTIALS_URI", null,
                new HttpClient(new FakeSaeHandler().ThenThrow(new HttpRequestException("Name or service not known (sae-secret-test.invalid:443)"))));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsSourceFailed, ex.ErrorId);
            Assert.Contains("https://sae-secret-test.invalid/creds", ex.Message);
            SecretAssert.DoesNotLeak(Everything(ex), Password, "the error");
        }
    }
}
