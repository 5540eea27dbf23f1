using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.Signing;
using Xunit;

namespace SaeSecret.Tests.Signing
{
    /// <summary>The headers a signed request carries, and the values it refuses to send.</summary>
    public class SignedRequestTests
    {
        private static HttpRequestMessage Build(string url, string accessKeyId, byte[] body = null) =>
            SignedRequest.Build(HttpMethod.Put, new Uri(url), Array.Empty<KeyValuePair<string, string>>(), "UpdateSecret", "2019-05-06",
                body, body == null ? null : "application/json; charset=utf-8", Hex.Sha256(body ?? Array.Empty<byte>()),
                new AlibabaCloudCredential(accessKeyId, "unit-test-key-secret", null, null, "unit test"));

        [Fact]
        public void The_host_header_is_sent_once()
        {
            using var message = Build("https://sae.cn-beijing.aliyuncs.com/pop/v1/sam/secret/secret", "TestKeyId");

            Assert.Equal("sae.cn-beijing.aliyuncs.com", Assert.Single(message.Headers.GetValues("host")));
        }

        [Fact]
        public void The_user_agent_names_the_module_and_its_version()
        {
            using var message = Build("https://sae.cn-beijing.aliyuncs.com/", "TestKeyId");

            Assert.Equal(SignedRequest.UserAgent, string.Join(" ", message.Headers.GetValues("user-agent")));
            Assert.StartsWith("SaeSecret/", SignedRequest.UserAgent);
        }

        [Fact]
        public void The_content_type_travels_with_the_body_only()
        {
            using var message = Build("https://sae.cn-beijing.aliyuncs.com/", "TestKeyId", new byte[] { 0x7B, 0x7D });

            Assert.Equal("application/json; charset=utf-8", message.Content.Headers.ContentType.ToString());
            Assert.DoesNotContain(message.Headers, h => string.Equals(h.Key, "content-type", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public void A_tilde_is_printable_ascii_and_is_sent()
        {
            using var message = Build("https://sae.cn-beijing.aliyuncs.com/", "Test~KeyId");

            Assert.Contains("Credential=Test~KeyId,", message.Headers.GetValues("authorization").Single());
        }

        [Fact]
        public void A_key_id_outside_printable_ascii_points_at_the_credentials()
        {
            var ex = Assert.Throws<SaeServiceException>(() => Build("https://sae.cn-beijing.aliyuncs.com/", "TestKeyId\u00E9"));

            Assert.Equal(ErrorIds.InvalidHeaderValue, ex.ErrorCode);
            Assert.Contains("'authorization'", ex.Message);
            Assert.EndsWith("Check the credentials in use (-Debug names their source).", ex.Message);
        }

        [Fact]
        public void A_host_outside_printable_ascii_points_at_the_endpoint()
        {
            var ex = Assert.Throws<SaeServiceException>(() => Build("https://s\u00E4e.example/", "TestKeyId"));

            Assert.Equal(ErrorIds.InvalidHeaderValue, ex.ErrorCode);
            Assert.Contains("'host'", ex.Message);
            Assert.EndsWith("Check -Endpoint.", ex.Message);
        }
    }
}
