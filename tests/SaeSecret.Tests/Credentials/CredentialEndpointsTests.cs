using SaeSecret.PowerShell.Credentials;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Credentials
{
    [Collection("Environment")]
    public class CredentialEndpointsTests
    {
        [Theory]
        [InlineData(null, null, null, null, "https://sts.aliyuncs.com/")]
        [InlineData("cn-hangzhou", null, null, null, "https://sts.cn-hangzhou.aliyuncs.com/")]
        [InlineData("cn-hangzhou", true, null, null, "https://sts-vpc.cn-hangzhou.aliyuncs.com/")]
        [InlineData(null, null, "ap-southeast-1", "true", "https://sts-vpc.ap-southeast-1.aliyuncs.com/")]
        [InlineData("cn-beijing", false, "ap-southeast-1", "true", "https://sts.cn-beijing.aliyuncs.com/")]
        [InlineData(null, null, null, "true", "https://sts.aliyuncs.com/")]
        public void Sts_endpoint_from_profile_then_environment(string region, bool? vpc, string envRegion, string envVpc, string expected)
        {
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_STS_REGION", envRegion).Set("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", envVpc))
            {
                Assert.Equal(expected, CredentialEndpoints.Sts(region, vpc).AbsoluteUri);
            }
        }

        [Fact]
        public void A_region_that_is_not_a_region_id_is_invalid()
        {
            var ex = Assert.Throws<CredentialsException>(() => CredentialEndpoints.Sts("evil.example.com/x", null));
            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
        }

        [Theory]
        [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
        [InlineData("http://localhost:1/", "http://localhost:1/")]
        [InlineData("http://[::1]:9/", "http://[::1]:9/")]
        [InlineData("https://sts-proxy.example.com/ignored/path", "https://sts-proxy.example.com/")]
        public void Overrides_replace_sts_and_metadata_endpoints(string value, string expected)
        {
            using (new EnvironmentScope().Set("SAESECRET_STS_ENDPOINT", value).Set("SAESECRET_ECS_METADATA_ENDPOINT", value).Set("ALIBABA_CLOUD_STS_REGION", "cn-hangzhou"))
            {
                Assert.Equal(expected, CredentialEndpoints.Sts(null, true).AbsoluteUri);
                Assert.Equal(expected, CredentialEndpoints.EcsMetadata().AbsoluteUri);
            }
        }

        [Theory]
        [InlineData("http://100.100.100.200")]
        [InlineData("http://sts.example.com")]
        [InlineData("ftp://127.0.0.1")]
        [InlineData("not a url")]
        [InlineData("https://x.example.com/?q=1")]
        public void Plain_http_overrides_are_refused_unless_loopback(string value)
        {
            using (new EnvironmentScope().Set("SAESECRET_STS_ENDPOINT", value))
            {
                var ex = Assert.Throws<CredentialsException>(() => CredentialEndpoints.Sts(null, null));
                Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
                Assert.Contains("SAESECRET_STS_ENDPOINT", ex.Message);
            }
        }

        [Fact]
        public void Metadata_defaults_to_the_link_local_address()
        {
            Assert.Equal("http://100.100.100.200/", CredentialEndpoints.EcsMetadata().AbsoluteUri);
        }
    }
}
