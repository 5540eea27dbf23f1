using System.Net;
using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestClients;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// What SaeClient makes of an answer: a result, or a SaeServiceException with the service's code, status and RequestId.
    /// </summary>
    public class SaeClientResultTests : SaeClientTestBase
    {
        // ---- success ----

        [Theory]
        [InlineData("\"16\"")]
        [InlineData("16")]
        public async Task Success_becomes_a_result(string secretIdJson)
        {
            _handler.ThenSuccess(secretIdJson);

            var result = await Update("cn-beijing:test", 16);

            Assert.Equal("cn-beijing:test", result.NamespaceId);
            Assert.Equal(16L, result.SecretId);
            Assert.True(result.Success);
            Assert.Equal("91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD", result.RequestId);
            Assert.Equal("ac1a0b2215622246421415014e", result.TraceId);
            Assert.Equal("200", result.Code);
            Assert.Equal(new[] { "password", "username" }, result.Keys);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task Result_SecretId_is_the_one_asked_for_and_a_different_answer_is_kept_for_the_warning()
        {
            _handler.ThenSuccess("\"17\"");

            var result = await Update(secretId: 16);

            Assert.Equal(16L, result.SecretId);
            Assert.Equal(17L, result.ServerSecretId);
        }

        [Fact]
        public async Task Numeric_Code_is_accepted()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"r-1\",\"Data\":{\"SecretId\":16},\"Code\":200,\"Success\":true}");

            var result = await Update();

            Assert.Equal("200", result.Code);
            Assert.Equal("r-1", result.RequestId);
        }

        // ---- errors ----

        [Fact]
        public async Task Sae_error_becomes_SaeServiceException_preferring_ErrorCode()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest,
                ErrorBody("InvalidParameter", "The specified SecretId does not exist.", errorCode: "InvalidSecretId.NotFound", requestId: "REQ-404"));

            var ex = await Fails();

            Assert.Equal("InvalidSecretId.NotFound", ex.ErrorCode);
            Assert.Equal(400, ex.HttpStatusCode);
            Assert.Equal("REQ-404", ex.RequestId);
            Assert.Equal("trace-9", ex.TraceId);
            Assert.Equal("The specified SecretId does not exist.", ex.ServiceMessage);
            Assert.Contains("cn-beijing:test/16", ex.Message);
            Assert.Contains("InvalidSecretId.NotFound", ex.Message);
            Assert.Contains("REQ-404", ex.Message);
            Assert.Contains("The specified SecretId does not exist", ex.Message);
        }

        [Fact]
        public async Task Gateway_error_carries_HostId_and_Recommend()
        {
            _handler.ThenJson(HttpStatusCode.Forbidden,
                "{\"RequestId\":\"GW-1\",\"HostId\":\"sae.cn-beijing.aliyuncs.com\",\"Code\":\"Forbidden.RAM\"," +
                "\"Message\":\"User not authorized to operate on the specified resource.\"," +
                "\"Recommend\":\"https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product=sae\"}");

            var ex = await Fails();

            Assert.Equal("Forbidden.RAM", ex.ErrorCode);
            Assert.Equal(403, ex.HttpStatusCode);
            Assert.Equal("GW-1", ex.RequestId);
            Assert.Equal("sae.cn-beijing.aliyuncs.com", ex.HostId);
            Assert.Equal("https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product=sae", ex.Recommend);
            Assert.Equal(1, ex.Attempts);
        }

        [Fact]
        public async Task RequestId_falls_back_to_the_response_header()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, "{\"Code\":\"InvalidParameter.NotEmpty\",\"Message\":\"You must specify the parameter NamespaceId.\"}",
                ("x-acs-request-id", "HDR-REQ-7"));

            var ex = await Fails();

            Assert.Equal("InvalidParameter.NotEmpty", ex.ErrorCode);
            Assert.Equal("HDR-REQ-7", ex.RequestId);
        }

        [Fact]
        public async Task Error_without_any_code_is_named_after_the_status()
        {
            _handler.ThenJson(HttpStatusCode.NotFound, "{\"RequestId\":\"r\",\"Message\":\"no such route\"}");

            var ex = await Fails();

            Assert.Equal("HTTP404", ex.ErrorCode);
            Assert.Equal(404, ex.HttpStatusCode);
        }

        [Fact]
        public async Task Success_false_on_a_2xx_is_an_error()
        {
            _handler.ThenJson(HttpStatusCode.OK, ErrorBody("InvalidParameter.Obviously", "The parameter is invalid.", requestId: "OK-BUT-NOT"));

            var ex = await Fails();

            Assert.Equal("InvalidParameter.Obviously", ex.ErrorCode);
            Assert.Equal(200, ex.HttpStatusCode);
            Assert.Equal("OK-BUT-NOT", ex.RequestId);
            Assert.Single(_handler.Requests);
        }

        [Fact]
        public async Task Success_false_with_code_200_and_Data_is_still_an_error()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"r\",\"Data\":{\"SecretId\":16},\"Code\":\"200\",\"Success\":false}");

            var ex = await Fails();

            Assert.Equal(ErrorIds.OperationNotSuccessful, ex.ErrorCode);
        }

        [Fact]
        public async Task Ok_without_Data_is_ResponseMissingData()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"NODATA-1\",\"Message\":\"success\",\"Code\":\"200\",\"Success\":true}");

            var ex = await Fails();

            Assert.Equal(ErrorIds.ResponseMissingData, ex.ErrorCode);
            Assert.Equal("NODATA-1", ex.RequestId);
            Assert.Single(_handler.Requests);
        }

        [Theory]
        [InlineData(HttpStatusCode.OK, "", null)]
        [InlineData(HttpStatusCode.OK, "{\"RequestId\":\"r\",\"Data\":{\"Secret", "application/json")]
        [InlineData(HttpStatusCode.BadGateway, "<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>", "text/html")]
        [InlineData(HttpStatusCode.Forbidden, "<?xml version=\"1.0\"?><Error>denied</Error>", "application/xml")]
        public async Task Non_json_answer_is_InvalidResponse_naming_the_status(HttpStatusCode status, string body, string mediaType)
        {
            _handler.ThenBody(status, body, mediaType);

            var ex = await Fails(retry: Retry(maxRetries: 0));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal((int)status, ex.HttpStatusCode);
            Assert.Contains("HTTP " + (int)status, ex.Message);
        }
    }

    /// <summary>Every SaeClientResultTests test again, on the synchronous transport PowerShell 7 cmdlets use.</summary>
    public class SaeClientResultSynchronousTests : SaeClientResultTests
    {
        protected override bool Synchronous => true;
    }
}
