using System.Net;
using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// UpdateSecret: the result.
    /// </summary>
    public class UpdateSecretResultTests : SaeOperationTestBase
    {
        [Theory]
        [InlineData("16", 16L)]
        [InlineData("\"16\"", 16L)]
        [InlineData("17", 17L)]
        public async Task UpdateSecret_result_keeps_the_asked_id_and_reports_the_servers(string secretIdJson, long serverId)
        {
            var data = Data();
            _handler.ThenSuccess(secretIdJson);

            var result = await Send(Update(16, data));

            Assert.Equal(Namespace, result.NamespaceId);
            Assert.Equal(16, result.SecretId);
            Assert.Equal(serverId, result.ServerSecretId);
            Assert.True(result.Success);
            Assert.Same(data.Keys, result.Keys);
            Assert.Equal("91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD", result.RequestId);
            Assert.Equal("ac1a0b2215622246421415014e", result.TraceId);
            Assert.Equal("200", result.Code);
            Assert.Equal("success", result.Message);
        }

        [Fact]
        public async Task UpdateSecret_result_without_a_server_id()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"R-2\",\"Data\":{},\"Code\":200,\"Success\":\"true\"}");

            var result = await Send(Update());

            Assert.Null(result.ServerSecretId);
            Assert.Equal(16, result.SecretId);
            Assert.Equal("200", result.Code);
            Assert.Null(result.TraceId);
            Assert.Null(result.Message);
        }
    }
}
