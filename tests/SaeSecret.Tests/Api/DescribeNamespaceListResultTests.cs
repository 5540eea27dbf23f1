using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// DescribeNamespaceList: the mapping of Data (PROTOCOL.md §3, §5).
    /// </summary>
    public class DescribeNamespaceListResultTests : SaeOperationTestBase
    {
        [Fact]
        public async Task DescribeNamespaceList_maps_each_namespace()
        {
            AnswerData("[" +
                "{\"NamespaceId\":\"cn-beijing\",\"NamespaceName\":\"Default\",\"RegionId\":\"cn-beijing\",\"NameSpaceShortId\":\"\",\"VpcId\":\"vpc-1\",\"VSwitchId\":\"vsw-1\",\"Custom\":false}," +
                "{\"NamespaceId\":\"cn-beijing:test\",\"NamespaceName\":\"test\",\"RegionId\":\"cn-beijing\",\"NameSpaceShortId\":\"test\",\"VpcId\":\"vpc-2\",\"Custom\":true,\"Extra\":[1]}" +
                "]");

            var list = await Send(Namespaces());

            Assert.Equal(2, list.Count);
            Assert.Equal("cn-beijing", list[0].NamespaceId);
            Assert.Equal("Default", list[0].NamespaceName);
            Assert.Equal("cn-beijing", list[0].RegionId);
            Assert.Equal("", list[0].NameSpaceShortId);
            Assert.Equal("vpc-1", list[0].VpcId);
            Assert.False(list[0].Custom);
            Assert.Equal("cn-beijing:test", list[1].NamespaceId);
            Assert.Equal("test", list[1].NamespaceName);
            Assert.Equal("test", list[1].NameSpaceShortId);
            Assert.Equal("vpc-2", list[1].VpcId);
            Assert.True(list[1].Custom);
        }

        [Theory]
        [InlineData("true", true)]
        [InlineData("false", false)]
        [InlineData("\"true\"", true)]
        [InlineData("\"True\"", true)]
        [InlineData("\"TRUE\"", true)]
        [InlineData("\"false\"", false)]
        [InlineData("\"yes\"", false)]
        [InlineData("\"\"", false)]
        [InlineData("1", false)]
        [InlineData("null", false)]
        [InlineData(null, false)]
        public async Task DescribeNamespaceList_Custom_as_a_boolean_or_its_text(string customJson, bool expected)
        {
            AnswerData("[{\"NamespaceId\":\"cn-beijing:test\"" + (customJson == null ? "" : ",\"Custom\":" + customJson) + "}]");

            var ns = Assert.Single(await Send(Namespaces()));

            Assert.Equal(expected, ns.Custom);
        }

        [Fact]
        public async Task DescribeNamespaceList_missing_and_null_members_are_null()
        {
            AnswerData("[{\"NamespaceId\":null}]");

            var ns = Assert.Single(await Send(Namespaces()));

            Assert.Null(ns.NamespaceId);
            Assert.Null(ns.NamespaceName);
            Assert.Null(ns.RegionId);
            Assert.Null(ns.NameSpaceShortId);
            Assert.Null(ns.VpcId);
            Assert.False(ns.Custom);
        }

        [Fact]
        public async Task DescribeNamespaceList_items_that_are_not_objects_are_skipped()
        {
            AnswerData("[1,null,\"cn-beijing:x\",[],{\"NamespaceId\":\"cn-beijing:kept\"}]");

            var ns = Assert.Single(await Send(Namespaces()));

            Assert.Equal("cn-beijing:kept", ns.NamespaceId);
        }

        [Fact]
        public async Task DescribeNamespaceList_an_empty_list()
        {
            AnswerData("[]");

            Assert.Empty(await Send(Namespaces()));
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"Namespaces\":[]}")]
        public async Task DescribeNamespaceList_Data_that_is_not_a_list_is_InvalidResponse(string dataJson)
        {
            AnswerData(dataJson);

            var ex = await Fails(Namespaces("cn-hangzhou"));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal("R-OK", ex.RequestId);
            Assert.Contains("DescribeNamespaceList for cn-hangzhou", ex.Message);
            Assert.Contains("Data is not a list", ex.Message);
        }

        [Fact]
        public async Task DescribeNamespaceList_control_characters_are_made_inert()
        {
            AnswerData("[{\"NamespaceId\":\"cn-beijing:\\u001bx\",\"NamespaceName\":\"n\\r\\n\",\"RegionId\":\"r\\u0000\",\"NameSpaceShortId\":\"s\\u009b\",\"VpcId\":\"v\\u007f\"}]");

            var ns = Assert.Single(await Send(Namespaces()));

            Assert.Equal("cn-beijing:\uFFFDx", ns.NamespaceId);
            Assert.Equal("n\uFFFD\uFFFD", ns.NamespaceName);
            Assert.Equal("r\uFFFD", ns.RegionId);
            Assert.Equal("s\uFFFD", ns.NameSpaceShortId);
            Assert.Equal("v\uFFFD", ns.VpcId);
        }
    }
}
