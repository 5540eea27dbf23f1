using System;
using SaeSecret.PowerShell.Api;
using Xunit;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.Tests.Rules
{
    public class SaeEndpointTests
    {
        [Theory]
        [InlineData("cn-beijing:test", "cn-beijing")]
        [InlineData("cn-beijing", "cn-beijing")]
        [InlineData("cn-hangzhou:ns with space*~!'()", "cn-hangzhou")]
        [InlineData("ap-southeast-1:prod", "ap-southeast-1")]
        [InlineData("us-west-1:a:b", "us-west-1")]
        public void RegionOf_returns_the_part_before_the_first_colon(string namespaceId, string region)
        {
            Assert.Equal(region, SaeEndpoint.RegionOf(namespaceId));
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData("\t")]
        [InlineData(null)]
        public void RegionOf_rejects_an_empty_namespace(string namespaceId)
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.RegionOf(namespaceId));

            Assert.Equal(ErrorIds.NamespaceIdEmpty, ex.ErrorId);
            Assert.Equal("NamespaceId", ex.ParamName);
        }

        [Theory]
        [InlineData(":test")]
        [InlineData("cn-beijing:")]
        [InlineData(" cn-beijing:test")]
        [InlineData("cn-beijing:test ")]
        [InlineData("cn beijing:test")]
        [InlineData("CN-BEIJING")]
        [InlineData("Cn-Beijing:test")]
        [InlineData("cn-beijing:te\tst")]
        [InlineData("cn-beijing:te\u0001st")]
        [InlineData("cn-beijing:test\n")]
        [InlineData("cn-beijing\r\n:test")]
        [InlineData("cnbeijing:test")]
        [InlineData("-cn-beijing:test")]
        [InlineData("cn--beijing:test")]
        [InlineData("cn-beijing-:test")]
        [InlineData("1cn-beijing:test")]
        [InlineData("cn_beijing:test")]
        public void RegionOf_rejects_a_malformed_namespace(string namespaceId)
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.RegionOf(namespaceId));

            Assert.Equal(ErrorIds.NamespaceIdMalformed, ex.ErrorId);
            Assert.Contains("cn-beijing:test", ex.Message); // shows the expected shape
        }

        [Theory]
        [InlineData("cn-beijing", true)]
        [InlineData("cn-hangzhou", true)]
        [InlineData("ap-southeast-1", true)]
        [InlineData("eu-central-1", true)]
        [InlineData("cn-hangzhou-finance", true)]
        [InlineData("cn", false)]
        [InlineData("cn-", false)]
        [InlineData("-cn", false)]
        [InlineData("cn--x", false)]
        [InlineData("CN-BEIJING", false)]
        [InlineData("cn-Beijing", false)]
        [InlineData("1-cn", false)]
        [InlineData("cn beijing", false)]
        [InlineData("cn-beijing:test", false)]
        [InlineData("cn.beijing", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void IsRegionId(string region, bool expected)
        {
            Assert.Equal(expected, SaeEndpoint.IsRegionId(region));
        }

        [Fact]
        public void IsRegionId_accepts_every_known_region()
        {
            foreach (var region in SaeEndpoint.KnownRegions)
            {
                Assert.True(SaeEndpoint.IsRegionId(region), region);
            }
        }

        [Fact]
        public void IsRegionId_rejects_absurdly_long_ids()
        {
            Assert.False(SaeEndpoint.IsRegionId("cn-" + new string('a', 100)));
        }

        [Theory]
        [InlineData("cn-beijing")]
        [InlineData("ap-southeast-1")]
        [InlineData("us-west-1")]
        public void ForRegion_is_the_public_https_sae_endpoint(string region)
        {
            var endpoint = SaeEndpoint.ForRegion(region);

            Assert.Equal(new Uri("https://sae." + region + ".aliyuncs.com/"), endpoint);
            Assert.Equal("https", endpoint.Scheme);
            Assert.Equal(443, endpoint.Port);
            Assert.Same(endpoint, SaeEndpoint.ForRegion(region));
        }

        [Theory]
        [InlineData("CN-BEIJING")]
        [InlineData("cn-beijing:test")]
        [InlineData("evil.com/")]
        [InlineData("")]
        [InlineData(null)]
        public void ForRegion_rejects_what_is_not_a_region_id(string region)
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.ForRegion(region));

            Assert.Equal(ErrorIds.RegionIdInvalid, ex.ErrorId);
        }

        [Theory]
        [InlineData("https://sae.cn-beijing.aliyuncs.com", "https://sae.cn-beijing.aliyuncs.com/")]
        [InlineData("https://sae-vpc.cn-beijing.aliyuncs.com/", "https://sae-vpc.cn-beijing.aliyuncs.com/")]
        [InlineData("https://example.com:8443/", "https://example.com:8443/")]
        [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/")]
        [InlineData("http://127.0.0.1", "http://127.0.0.1/")]
        [InlineData("http://[::1]:5123/", "http://[::1]:5123/")]
        [InlineData("http://localhost:5000", "http://localhost:5000/")]
        public void ValidateEndpoint_accepts_https_and_loopback_http(string endpoint, string expected)
        {
            Assert.Equal(new Uri(expected), SaeEndpoint.ValidateEndpoint(new Uri(endpoint), "Endpoint"));
        }

        [Theory]
        [InlineData("http://example.com")]
        [InlineData("http://sae.cn-beijing.aliyuncs.com/")]
        [InlineData("http://10.0.0.1:8080")]
        [InlineData("http://localhost.example.com")]
        [InlineData("http://127.0.0.1.example.com")]
        [InlineData("http://127.0.0.1@example.com")]
        public void ValidateEndpoint_rejects_plain_http_off_this_machine(string endpoint)
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.ValidateEndpoint(new Uri(endpoint), "Endpoint"));

            Assert.Equal(ErrorIds.EndpointNotHttps, ex.ErrorId);
            Assert.Equal("Endpoint", ex.ParamName);
        }

        [Theory]
        [InlineData("ftp://sae.cn-beijing.aliyuncs.com/")]
        [InlineData("file:///etc/passwd")]
        [InlineData("/pop/v1/sam")]
        [InlineData("sae.cn-beijing.aliyuncs.com")]
        [InlineData("https://user:pass@sae.cn-beijing.aliyuncs.com/")]
        public void ValidateEndpoint_rejects_non_http_or_relative(string endpoint)
        {
            var uri = new Uri(endpoint, UriKind.RelativeOrAbsolute);

            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.ValidateEndpoint(uri, "Endpoint"));

            Assert.Equal(ErrorIds.EndpointInvalid, ex.ErrorId);
        }

        [Fact]
        public void ValidateEndpoint_rejects_null()
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.ValidateEndpoint(null, "Endpoint"));

            Assert.Equal(ErrorIds.EndpointInvalid, ex.ErrorId);
        }

        [Theory]
        [InlineData(":test")]
        [InlineData(":")]
        public void RegionOf_says_the_region_is_missing_before_a_leading_colon(string namespaceId)
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.RegionOf(namespaceId));

            Assert.Equal(ErrorIds.NamespaceIdMalformed, ex.ErrorId);
            Assert.Contains("the region before ':' is missing", ex.Message);
        }

        [Fact]
        public void RegionOf_says_the_name_is_missing_after_a_trailing_colon()
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.RegionOf("cn-beijing:"));

            Assert.Contains("the name after ':' is missing", ex.Message);
        }

        [Theory]
        [InlineData("cn-zone0", true)]
        [InlineData("cn-zone9", true)]
        [InlineData("cn-0", true)]
        [InlineData("cn-9a", true)]
        [InlineData("cn-zone/", false)]
        [InlineData("cn-zone:", false)]
        public void IsRegionId_accepts_every_digit_after_the_first_group(string region, bool expected)
        {
            Assert.Equal(expected, SaeEndpoint.IsRegionId(region));
        }

        [Fact]
        public void IsRegionId_accepts_64_characters_and_no_more()
        {
            Assert.True(SaeEndpoint.IsRegionId("cn-" + new string('a', 61)));
            Assert.False(SaeEndpoint.IsRegionId("cn-" + new string('a', 62)));
        }

        [Fact]
        public void ValidateEndpoint_names_a_wrong_scheme()
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.ValidateEndpoint(new Uri("ftp://sae.cn-beijing.aliyuncs.com/"), "Endpoint"));

            Assert.StartsWith("Endpoint uses the scheme 'ftp'; it must be an absolute http(s) URL.", ex.Message);
        }

        [Fact]
        public void ValidateEndpoint_says_a_relative_address_is_not_a_URL()
        {
            var ex = Assert.Throws<SaeInputException>(() => SaeEndpoint.ValidateEndpoint(new Uri("sae.cn-beijing.aliyuncs.com", UriKind.Relative), "Endpoint"));

            Assert.StartsWith("Endpoint is not an absolute http(s) URL.", ex.Message);
        }
    }
}
