using System.Net;
using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// DeleteSecret: the result.
    /// </summary>
    public class DeleteSecretResultTests : SaeOperationTestBase
    {
        [Fact]
        public async Task DeleteSecret_returns_the_RequestId()
        {
            AnswerData("{\"SecretId\":17}");

            Assert.Equal("R-OK", await Send(Delete(17)));
        }

        [Fact]
        public async Task DeleteSecret_returns_the_header_RequestId_when_the_body_has_none()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"Data\":{\"SecretId\":17},\"Code\":\"200\",\"Success\":true}", ("x-acs-request-id", "HDR-REQ-2"));

            Assert.Equal("HDR-REQ-2", await Send(Delete(17)));
        }

        [Fact]
        public async Task DeleteSecret_not_found_is_the_service_error()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, Error("InvalidSecretId.NotFound", "The specified secret does not exist."));

            var ex = await Fails(Delete(17));

            Assert.Equal("InvalidSecretId.NotFound", ex.ErrorCode);
            Assert.Equal(400, ex.HttpStatusCode);
            Assert.Contains("DeleteSecret for cn-beijing:test/17", ex.Message);
        }
    }
}
