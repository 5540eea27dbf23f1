using System;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// DescribeSecret: the mapping of Data (PROTOCOL.md §3, §5).
    /// </summary>
    public class DescribeSecretResultTests : SaeOperationTestBase
    {
        [Fact]
        public async Task DescribeSecret_maps_the_description_and_the_values()
        {
            var pw = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue));
            AnswerData("{\"NamespaceId\":\"cn-beijing:test\",\"SecretId\":\"16\",\"SecretName\":\"db-cred\",\"SecretType\":\"Opaque\"," +
                "\"RelateApps\":[{\"AppId\":\"app-1\",\"AppName\":\"web\"}],\"CreateTime\":\"1700000000000\",\"UpdateTime\":1700000123456," +
                "\"SecretData\":{\"user\":\"YWRtaW4=\",\"password\":\"" + pw + "\"}}");

            var described = await Send(Describe());

            Assert.Equal("R-OK", described.RequestId);
            var info = described.Info;
            Assert.Equal(Namespace, info.NamespaceId);
            Assert.Equal(16, info.SecretId);
            Assert.Equal("db-cred", info.SecretName);
            Assert.Equal("Opaque", info.SecretType);
            Assert.Equal("web", Assert.Single(info.RelateApps).AppName);
            Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), info.CreateTime);
            Assert.Equal(new DateTime(2023, 11, 14, 22, 15, 23, 456, DateTimeKind.Utc), info.UpdateTime);
            Assert.Equal(new[] { "password", "user" }, described.Data.Keys);
            SecretAssert.SameText(pw, described.Data["password"], "password");
            SecretAssert.SameText("YWRtaW4=", described.Data["user"], "user");
        }

        [Fact]
        public async Task DescribeSecret_RequestId_comes_from_the_header_when_the_body_has_none()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"Data\":{\"SecretId\":16,\"SecretData\":{}},\"Success\":true}", ("x-acs-request-id", "HDR-REQ-1"));

            var described = await Send(Describe());

            Assert.Equal("HDR-REQ-1", described.RequestId);
        }

        [Fact]
        public async Task DescribeSecret_values_are_sorted_ordinally_and_keys_kept_exactly()
        {
            AnswerData("{\"SecretId\":16,\"SecretData\":{\"b\":\"Yg==\",\"B\":\"Qg==\",\"a\":\"YQ==\",\"_\":\"Xw==\",\".x\":\"eA==\"}}");

            var described = await Send(Describe());

            Assert.Equal(new[] { ".x", "B", "_", "a", "b" }, described.Data.Keys);
            SecretAssert.SameText("Qg==", described.Data["B"], "B");
            SecretAssert.SameText("Yg==", described.Data["b"], "b");
        }

        [Fact]
        public async Task DescribeSecret_with_an_empty_map_gives_an_empty_map()
        {
            AnswerData("{\"SecretId\":16,\"SecretData\":{}}");

            var described = await Send(Describe());

            Assert.NotNull(described.Data);
            Assert.Empty(described.Data);
        }

        [Theory]
        [InlineData("{\"SecretId\":16}")]
        [InlineData("{\"SecretId\":16,\"SecretData\":null}")]
        [InlineData("{\"SecretId\":16,\"SecretData\":\"{}\"}")]
        public async Task DescribeSecret_without_a_values_object_is_InvalidResponse_so_a_merge_never_drops_keys(string dataJson)
        {
            AnswerData(dataJson);

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Send(Describe()));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Contains("Data.SecretData is missing or not an object", ex.Message);
        }

        [Theory]
        [InlineData("5")]
        [InlineData("null")]
        [InlineData("true")]
        [InlineData("{\"nested\":\"x\"}")]
        [InlineData("[\"x\"]")]
        public async Task DescribeSecret_a_value_that_is_not_a_string_is_InvalidResponse(string valueJson)
        {
            AnswerData("{\"SecretId\":16,\"SecretData\":{\"good\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue)) + "\",\"odd\\u001bkey\":" + valueJson + "}}");

            var ex = await Fails(Describe());

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal("R-OK", ex.RequestId);
            Assert.Contains("DescribeSecret for cn-beijing:test/16", ex.Message);
            Assert.Contains("the value of key 'odd\uFFFDkey' is not a string", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", ex.Message, StringComparison.Ordinal);
            SecretAssert.DoesNotLeak(ex.Message, Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue)), "error message");
            Assert.Single(_handler.Requests);
        }

        [Theory]
        [InlineData("[]")]
        [InlineData("[{\"SecretId\":16}]")]
        public async Task DescribeSecret_Data_that_is_not_an_object_is_InvalidResponse(string dataJson)
        {
            AnswerData(dataJson);

            var ex = await Fails(Describe());

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal("R-OK", ex.RequestId);
            Assert.Contains("DescribeSecret for cn-beijing:test/16", ex.Message);
            Assert.Contains("Data is not an object", ex.Message);
        }

        [Theory]
        [InlineData("{\"SecretData\":{}}")]
        [InlineData("{\"SecretId\":null,\"SecretData\":{}}")]
        [InlineData("{\"SecretId\":\"abc\",\"SecretData\":{}}")]
        [InlineData("{\"SecretId\":0,\"SecretData\":{}}")]
        public async Task DescribeSecret_without_a_usable_SecretId_reports_the_asked_one(string dataJson)
        {
            AnswerData(dataJson);

            var described = await Send(Describe(42));

            Assert.Equal(42, described.Info.SecretId);
            Assert.Equal(Namespace, described.Info.NamespaceId);
            Assert.Empty(described.Data);
        }

        [Theory]
        [InlineData("16", 16L)]
        [InlineData("\"16\"", 16L)]
        [InlineData("17", 17L)]
        public async Task DescribeSecret_reports_the_SecretId_the_server_gave(string secretIdJson, long expected)
        {
            AnswerData("{\"SecretId\":" + secretIdJson + ",\"SecretData\":{}}");

            var described = await Send(Describe(16));

            Assert.Equal(expected, described.Info.SecretId);
        }

        [Fact]
        public async Task DescribeSecret_control_characters_in_names_are_made_inert()
        {
            AnswerData("{\"SecretId\":16,\"SecretName\":\"a\\u001b]0;x\\u0007b\",\"RelateApps\":[{\"AppId\":\"i\\r\\n\",\"AppName\":\"\\u009bn\"}],\"SecretData\":{}}");

            var info = (await Send(Describe())).Info;

            Assert.Equal("a\uFFFD]0;x\uFFFDb", info.SecretName);
            Assert.Equal("i\uFFFD\uFFFD", info.RelateApps[0].AppId);
            Assert.Equal("\uFFFDn", info.RelateApps[0].AppName);
        }
    }
}
