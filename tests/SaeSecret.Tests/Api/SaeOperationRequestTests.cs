using System.Net.Http;
using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// What each operation puts on the wire (PROTOCOL.md §1–§2, §5), with a signature that checks.
    /// </summary>
    public class SaeOperationRequestTests : SaeOperationTestBase
    {
        [Fact]
        public async Task ListSecrets_request()
        {
            AnswerData("{\"Secrets\":[]}");

            await Send(List());

            AssertNoBodyRequest(Assert.Single(_handler.Requests), HttpMethod.Get, "/pop/v1/sam/secret/secrets?NamespaceId=cn-beijing%3Atest", "ListSecrets");
        }

        [Theory]
        [InlineData("cn-hangzhou:ns with space*~!'()", "cn-hangzhou%3Ans%20with%20space%2A~%21%27%28%29")]
        [InlineData("cn-beijing:a+b=c&d#e%f?g/h", "cn-beijing%3Aa%2Bb%3Dc%26d%23e%25f%3Fg%2Fh")]
        [InlineData("cn-shanghai:测试-ü", "cn-shanghai%3A%E6%B5%8B%E8%AF%95-%C3%BC")]
        [InlineData("cn-beijing", "cn-beijing")]
        public async Task ListSecrets_percent_encodes_the_namespace_and_the_signature_still_checks(string ns, string encoded)
        {
            AnswerData("{\"Secrets\":[]}");

            await Send(List(ns));

            AssertNoBodyRequest(Assert.Single(_handler.Requests), HttpMethod.Get, "/pop/v1/sam/secret/secrets?NamespaceId=" + encoded, "ListSecrets");
        }

        [Fact]
        public async Task DescribeSecret_request()
        {
            AnswerData("{\"SecretId\":9007199254740993,\"SecretData\":{}}");

            await Send(Describe(9007199254740993));

            AssertNoBodyRequest(Assert.Single(_handler.Requests), HttpMethod.Get,
                "/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=9007199254740993", "DescribeSecret");
        }

        [Fact]
        public async Task DeleteSecret_request()
        {
            AnswerData("{\"SecretId\":17}");

            await Send(Delete(17));

            AssertNoBodyRequest(Assert.Single(_handler.Requests), HttpMethod.Delete,
                "/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=17", "DeleteSecret");
        }

        [Fact]
        public async Task DescribeNamespaceList_request()
        {
            AnswerData("[]");

            await Send(Namespaces());

            AssertNoBodyRequest(Assert.Single(_handler.Requests), HttpMethod.Get,
                "/pop/v1/sam/namespace/describeNamespaceList?ContainCustom=true", "DescribeNamespaceList");
        }

        [Fact]
        public async Task UpdateSecret_request_carries_SecretData_in_the_body()
        {
            var data = Data();
            _handler.ThenSuccess();

            await Send(Update(16, data));

            AssertBodyRequest(Assert.Single(_handler.Requests), HttpMethod.Put,
                "/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=16", "UpdateSecret", data);
        }

        [Theory]
        [InlineData("Opaque", "Opaque")]
        [InlineData("kubernetes.io/dockerconfigjson", "kubernetes.io%2Fdockerconfigjson")]
        [InlineData("kubernetes.io/tls", "kubernetes.io%2Ftls")]
        public async Task CreateSecret_request_carries_name_and_type_in_the_query_and_SecretData_in_the_body(string type, string encodedType)
        {
            var data = Data();
            AnswerData("{\"SecretId\":17}");

            await SendCreate(Create("db-cred_1", type, data));

            AssertBodyRequest(Assert.Single(_handler.Requests), HttpMethod.Post,
                "/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretName=db-cred_1&SecretType=" + encodedType, "CreateSecret", data);
        }
    }
}
