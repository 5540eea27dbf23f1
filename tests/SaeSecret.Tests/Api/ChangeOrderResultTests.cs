using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>RestartApplication and DescribeChangeOrder: the request and what an answer becomes, hostile answers included.</summary>
    public class ChangeOrderResultTests : SaeOperationTestBase
    {
        private const string OrderId = "7171a6ca-d1cd-4928-8642-7d5cfe69aaaa";

        private static SaeOperation<ChangeOrder> DescribeOrder() => SaeOperations.DescribeChangeOrder(Endpoint, "cn-beijing", OrderId);

        private static string Order(string status = "1", string extra = "") =>
            "{\"AppId\":\"app-1\",\"AppName\":\"web\",\"ChangeOrderId\":\"" + OrderId + "\",\"CoTypeCode\":\"CoRestartApplication\",\"CreateTime\":\"2020-12-17 21:06:45\"," +
            "\"Status\":" + status + ",\"SubStatus\":0,\"BatchCount\":2,\"CurrentPipelineId\":\"p2\",\"Pipelines\":[" +
            "{\"PipelineId\":\"p1\",\"PipelineName\":\"Batch 1\",\"Status\":2,\"StartTime\":1700000000000,\"UpdateTime\":1700000001000}," +
            "{\"PipelineId\":\"p2\",\"PipelineName\":\"Batch 2\",\"Status\":1,\"StartTime\":1700000002000,\"UpdateTime\":1700000003000}]" + extra + "}";

        [Fact]
        public async Task DescribeChangeOrder_maps_the_order_and_its_batches()
        {
            AnswerData(Order());

            var order = await Send(DescribeOrder());

            Assert.Equal("cn-beijing", order.RegionId);
            Assert.Equal("app-1", order.AppId);
            Assert.Equal("web", order.AppName);
            Assert.Equal(OrderId, order.ChangeOrderId);
            Assert.Equal(ChangeOrderStatus.Running, order.Status);
            Assert.Equal(2, order.BatchCount);
            Assert.Equal(2, order.CurrentBatch);
            Assert.Equal("batch 2 of 2", order.Progress);
            Assert.Equal(new System.DateTime(2020, 12, 17, 21, 6, 45), order.CreateTime);
            Assert.Equal(new[] { "Batch 1", "Batch 2" }, System.Linq.Enumerable.Select(order.Batches, b => b.PipelineName));
            Assert.False(order.Ended);
            Assert.Equal("R-OK", order.RequestId);
        }

        [Theory]
        [InlineData("4294967298")]
        [InlineData("-4294967294")]
        [InlineData("-1")]
        [InlineData("\"two\"")]
        [InlineData("null")]
        public async Task A_status_that_is_not_one_is_an_invalid_response_never_a_wrapped_Succeeded(string status)
        {
            AnswerData(Order(status));

            var ex = await Fails(DescribeOrder());

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
        }

        [Fact]
        public async Task An_answer_about_another_change_order_is_an_invalid_response()
        {
            AnswerData(Order().Replace(OrderId, "bbbbbbbb-d1cd-4928-8642-7d5cfe69bbbb"));

            var ex = await Fails(DescribeOrder());

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Contains("another change order", ex.Message);
        }

        [Fact]
        public async Task Counts_out_of_range_read_as_zero()
        {
            AnswerData(Order().Replace("\"BatchCount\":2", "\"BatchCount\":-5").Replace("\"SubStatus\":0", "\"SubStatus\":4294967297"));

            var order = await Send(DescribeOrder());

            Assert.Equal(0, order.SubStatus);
            Assert.InRange(order.CurrentBatch, 0, 2);
            Assert.DoesNotContain("-", order.Progress);
        }

        [Fact]
        public async Task RestartApplication_sends_AppId_and_only_the_given_instance_settings()
        {
            AnswerData("{\"ChangeOrderId\":\"" + OrderId + "\",\"AppId\":\"app-1\"}");

            var submitted = await Send(SaeOperations.RestartApplication(Endpoint, "app-1", null, 50));

            Assert.Equal(OrderId, submitted.ChangeOrderId);
            var query = System.Linq.Enumerable.ToDictionary(Gateway.QueryOf(_handler.Requests[0].Uri), p => p.Key, p => p.Value);
            Assert.Equal("app-1", query["AppId"]);
            Assert.Equal("50", query["MinReadyInstanceRatio"]);
            Assert.False(query.ContainsKey("MinReadyInstances"));
            Assert.Equal(System.Net.Http.HttpMethod.Put, _handler.Requests[0].Method);
            Assert.Equal("/pop/v1/sam/app/restartApplication", _handler.Requests[0].Uri.AbsolutePath);
        }

        [Theory]
        [InlineData("x; Remove-Item -Recurse -Force ~ #")]
        [InlineData("")]
        public async Task RestartApplication_refuses_a_ChangeOrderId_that_is_not_an_id(string id)
        {
            AnswerData("{\"ChangeOrderId\":\"" + id + "\"}");

            var ex = await Fails(SaeOperations.RestartApplication(Endpoint, "app-1", null, null));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.DoesNotContain("Remove-Item", ex.Message);
        }

        [Fact]
        public async Task RestartApplication_is_not_resent_after_a_server_error()
        {
            _handler.ThenJson(System.Net.HttpStatusCode.ServiceUnavailable, Error("ServiceUnavailable", "busy"));
            AnswerData("{\"ChangeOrderId\":\"" + OrderId + "\"}");

            var ex = await Fails(SaeOperations.RestartApplication(Endpoint, "app-1", null, null));

            Assert.Equal("ServiceUnavailable", ex.ErrorCode);
            Assert.Single(_handler.Requests);
        }
    }
}
