using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// CreateSecret: the mapping of Data, and the result.
    /// </summary>
    public class CreateSecretResultTests : SaeOperationTestBase
    {
        [Theory]
        [InlineData("17", 17L)]
        [InlineData("\"17\"", 17L)]
        [InlineData("1000000000", 1000000000L)]
        public async Task CreateSecret_returns_the_new_SecretId(string secretIdJson, long expected)
        {
            AnswerData("{\"SecretId\":" + secretIdJson + ",\"SecretData\":{}}");

            Assert.Equal(expected, await SendCreate(Create()));
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"SecretId\":null}")]
        [InlineData("{\"SecretId\":\"abc\"}")]
        [InlineData("{\"SecretId\":1.5}")]
        [InlineData("[]")]
        [InlineData("[{\"SecretId\":17}]")]
        public async Task CreateSecret_without_a_SecretId_is_InvalidResponse_and_not_resent(string dataJson)
        {
            AnswerData(dataJson);

            var ex = await Fails(Create("db-cred"));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal("R-OK", ex.RequestId);
            Assert.Contains("CreateSecret for cn-beijing:test/db-cred", ex.Message);
            Assert.Contains("Data.SecretId is missing", ex.Message);
            Assert.Single(_handler.Requests);
        }

        [Fact]
        public async Task CreateSecret_result_carries_the_new_id_and_the_RequestId_of_the_write()
        {
            _handler.ThenSuccess("\"1042\"");

            var created = await Send(Create());

            Assert.Equal(1042, created.SecretId);
            Assert.Equal("91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD", created.RequestId);
        }
    }
}
