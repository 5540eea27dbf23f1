using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// ListSecrets: the mapping of Data (PROTOCOL.md §3, §5).
    /// </summary>
    public class ListSecretsResultTests : SaeOperationTestBase
    {
        [Fact]
        public async Task ListSecrets_maps_each_secret()
        {
            AnswerData("{\"Secrets\":[" +
                "{\"NamespaceId\":\"cn-beijing:other\",\"SecretId\":16,\"SecretName\":\"db-cred\",\"SecretType\":\"Opaque\"," +
                "\"RelateApps\":[{\"AppId\":\"app-1\",\"AppName\":\"web\"},{\"AppId\":\"app-2\",\"AppName\":\"worker\"}]," +
                "\"CreateTime\":1700000000000,\"UpdateTime\":\"1700000123456\"}," +
                "{\"SecretId\":\"17\",\"SecretName\":\"tls-cert\",\"SecretType\":\"kubernetes.io/tls\",\"RelateApps\":null,\"CreateTime\":null}" +
                "]}");

            var list = await Send(List());

            Assert.Equal(2, list.Count);
            var first = list[0];
            Assert.Equal("cn-beijing:other", first.NamespaceId);
            Assert.Equal(16, first.SecretId);
            Assert.Equal("db-cred", first.SecretName);
            Assert.Equal("Opaque", first.SecretType);
            Assert.Equal(new[] { "app-1", "app-2" }, first.RelateApps.Select(a => a.AppId));
            Assert.Equal(new[] { "web", "worker" }, first.RelateApps.Select(a => a.AppName));
            Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), first.CreateTime);
            Assert.Equal(DateTimeKind.Utc, first.CreateTime.Value.Kind);
            Assert.Equal(new DateTime(2023, 11, 14, 22, 15, 23, 456, DateTimeKind.Utc), first.UpdateTime);
            Assert.Equal(DateTimeKind.Utc, first.UpdateTime.Value.Kind);

            var second = list[1];
            Assert.Equal(Namespace, second.NamespaceId);
            Assert.Equal(17, second.SecretId);
            Assert.Equal("tls-cert", second.SecretName);
            Assert.Equal("kubernetes.io/tls", second.SecretType);
            Assert.NotNull(second.RelateApps);
            Assert.Empty(second.RelateApps);
            Assert.Null(second.CreateTime);
            Assert.Null(second.UpdateTime);
        }

        [Fact]
        public async Task ListSecrets_a_secret_with_no_members_gets_the_asked_namespace_and_nothing_else()
        {
            AnswerData("{\"Secrets\":[{}]}");

            var info = Assert.Single(await Send(List()));

            Assert.Equal(Namespace, info.NamespaceId);
            Assert.Equal(0, info.SecretId);
            Assert.Null(info.SecretName);
            Assert.Null(info.SecretType);
            Assert.Empty(info.RelateApps);
            Assert.Null(info.CreateTime);
            Assert.Null(info.UpdateTime);
        }

        [Fact]
        public async Task ListSecrets_null_members_are_null()
        {
            AnswerData("{\"Secrets\":[{\"NamespaceId\":null,\"SecretId\":null,\"SecretName\":null,\"SecretType\":null,\"RelateApps\":null,\"CreateTime\":null,\"UpdateTime\":null}]}");

            var info = Assert.Single(await Send(List()));

            Assert.Equal(Namespace, info.NamespaceId);
            Assert.Equal(0, info.SecretId);
            Assert.Null(info.SecretName);
            Assert.Null(info.SecretType);
            Assert.Empty(info.RelateApps);
            Assert.Null(info.CreateTime);
            Assert.Null(info.UpdateTime);
        }

        [Theory]
        [InlineData("{\"Secrets\":[]}")]
        [InlineData("{\"Secrets\":null}")]
        [InlineData("{}")]
        [InlineData("{\"Other\":1}")]
        public async Task ListSecrets_no_secrets_is_an_empty_list(string dataJson)
        {
            AnswerData(dataJson);

            var list = await Send(List());

            Assert.NotNull(list);
            Assert.Empty(list);
        }

        [Theory]
        [InlineData("{\"Secrets\":\"none\"}")]
        [InlineData("{\"Secrets\":{\"SecretId\":16}}")]
        [InlineData("{\"Secrets\":16}")]
        [InlineData("{\"Secrets\":false}")]
        [InlineData("[]")]
        [InlineData("[{\"SecretId\":16}]")]
        public async Task ListSecrets_Secrets_that_is_not_a_list_is_InvalidResponse(string dataJson)
        {
            AnswerData(dataJson);

            var ex = await Fails(List());

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Equal("R-OK", ex.RequestId);
            Assert.Equal("ListSecrets for cn-beijing:test got an answer the module cannot use: Data.Secrets is not a list. RequestId: R-OK.", ex.Message);
            Assert.False(ex.IsTransient);
            Assert.Single(_handler.Requests);
        }

        [Fact]
        public async Task ListSecrets_items_that_are_not_objects_are_skipped()
        {
            AnswerData("{\"Secrets\":[1,null,\"x\",[],{\"SecretId\":16,\"SecretName\":\"kept\"},true]}");

            var info = Assert.Single(await Send(List()));

            Assert.Equal("kept", info.SecretName);
        }

        [Fact]
        public async Task ListSecrets_without_Data_is_ResponseMissingData()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"RequestId\":\"R-3\",\"Code\":\"200\",\"Success\":true}");

            var ex = await Fails(List());

            Assert.Equal(ErrorIds.ResponseMissingData, ex.ErrorCode);
        }

        [Theory]
        [InlineData("16", 16L)]
        [InlineData("\"16\"", 16L)]
        [InlineData("1000000000", 1000000000L)]
        [InlineData("9007199254740993", 9007199254740993L)]
        [InlineData("\"9007199254740993\"", 9007199254740993L)]
        [InlineData("9223372036854775807", long.MaxValue)]
        [InlineData("99999999999999999999", 0L)]
        [InlineData("\"abc\"", 0L)]
        [InlineData("\"\"", 0L)]
        [InlineData("16.5", 0L)]
        [InlineData("16.0", 16L)]
        [InlineData("true", 0L)]
        [InlineData("null", 0L)]
        [InlineData("{}", 0L)]
        public async Task ListSecrets_SecretId_as_a_number_or_its_text(string secretIdJson, long expected)
        {
            AnswerData("{\"Secrets\":[{\"SecretId\":" + secretIdJson + "}]}");

            var info = Assert.Single(await Send(List()));

            Assert.Equal(expected, info.SecretId);
        }

        [Theory]
        [InlineData("0", "1970-01-01T00:00:00.0000000Z")]
        [InlineData("1", "1970-01-01T00:00:00.0010000Z")]
        [InlineData("1700000000000", "2023-11-14T22:13:20.0000000Z")]
        [InlineData("\"1700000000000\"", "2023-11-14T22:13:20.0000000Z")]
        [InlineData("\"1700000000001\"", "2023-11-14T22:13:20.0010000Z")]
        [InlineData("253402300799999", "9999-12-31T23:59:59.9990000Z")]
        [InlineData("\"253402300799999\"", "9999-12-31T23:59:59.9990000Z")]
        [InlineData("253402300800000", null)]
        [InlineData("-1", null)]
        [InlineData("\"-1\"", null)]
        [InlineData("-62135596800000", null)]
        [InlineData("9223372036854775807", null)]
        [InlineData("99999999999999999999", null)]
        [InlineData("1.7E12", "2023-11-14T22:13:20.0000000Z")] // a JSON number written as a float, still a whole number of ms
        [InlineData("1700000000000.5", null)]
        [InlineData("\"2023-11-14T22:13:20Z\"", null)]
        [InlineData("\"\"", null)]
        [InlineData("true", null)]
        [InlineData("null", null)]
        public async Task ListSecrets_times_are_epoch_milliseconds_as_UTC(string timeJson, string expected)
        {
            AnswerData("{\"Secrets\":[{\"SecretId\":16,\"CreateTime\":" + timeJson + ",\"UpdateTime\":" + timeJson + "}]}");

            var info = Assert.Single(await Send(List()));

            Assert.Equal(expected, info.CreateTime?.ToString("o"));
            Assert.Equal(expected, info.UpdateTime?.ToString("o"));
            if (expected != null)
            {
                Assert.Equal(DateTimeKind.Utc, info.CreateTime.Value.Kind);
                Assert.Equal(DateTimeKind.Utc, info.UpdateTime.Value.Kind);
            }
        }

        [Fact]
        public async Task ListSecrets_RelateApps_items_that_are_not_objects_are_skipped_and_missing_members_are_null()
        {
            AnswerData("{\"Secrets\":[{\"SecretId\":16,\"RelateApps\":[{\"AppId\":\"a1\",\"AppName\":\"n1\"},5,null,\"x\",{\"AppName\":\"only-name\"},{\"AppId\":7,\"AppName\":null}]}]}");

            var apps = Assert.Single(await Send(List())).RelateApps;

            Assert.Equal(3, apps.Length);
            Assert.Equal("a1", apps[0].AppId);
            Assert.Equal("n1", apps[0].AppName);
            Assert.Null(apps[1].AppId);
            Assert.Equal("only-name", apps[1].AppName);
            Assert.Equal("7", apps[2].AppId);
            Assert.Null(apps[2].AppName);
        }

        [Theory]
        [InlineData("{\"AppId\":\"a1\"}")]
        [InlineData("\"a1\"")]
        [InlineData("[]")]
        public async Task ListSecrets_RelateApps_that_is_not_a_list_of_objects_is_empty(string appsJson)
        {
            AnswerData("{\"Secrets\":[{\"SecretId\":16,\"RelateApps\":" + appsJson + "}]}");

            var info = Assert.Single(await Send(List()));

            Assert.NotNull(info.RelateApps);
            Assert.Empty(info.RelateApps);
        }

        [Fact]
        public async Task ListSecrets_text_members_that_are_not_strings_become_their_JSON_text()
        {
            AnswerData("{\"Secrets\":[{\"SecretId\":16,\"SecretName\":123,\"SecretType\":{\"a\":[1,true]},\"NamespaceId\":false}]}");

            var info = Assert.Single(await Send(List()));

            Assert.Equal("123", info.SecretName);
            Assert.Equal("{\"a\":[1,true]}", info.SecretType);
            Assert.Equal("false", info.NamespaceId);
        }

        [Fact]
        public async Task ListSecrets_control_characters_in_names_are_made_inert()
        {
            AnswerData("{\"Secrets\":[{\"NamespaceId\":\"cn-beijing:\\u001b[2Jns\",\"SecretId\":16,\"SecretName\":\"evil\\u001b[31mname\\r\\nFAKE LINE\\u009b\"," +
                "\"SecretType\":\"Opaque\\u0007\",\"RelateApps\":[{\"AppId\":\"app\\u0000id\",\"AppName\":\"web\\u007f\\u0085\"}]}]}");

            var info = Assert.Single(await Send(List()));

            Assert.Equal("cn-beijing:\uFFFD[2Jns", info.NamespaceId);
            Assert.Equal("evil\uFFFD[31mname\uFFFD\uFFFDFAKE LINE\uFFFD", info.SecretName);
            Assert.Equal("Opaque\uFFFD", info.SecretType);
            Assert.Equal("app\uFFFDid", info.RelateApps[0].AppId);
            Assert.Equal("web\uFFFD\uFFFD", info.RelateApps[0].AppName);
        }

        [Fact]
        public async Task ListSecrets_names_without_control_characters_are_kept_as_they_are()
        {
            AnswerData("{\"Secrets\":[{\"SecretId\":16,\"SecretName\":\"密码-ü \\u00a0~\"}]}");

            var info = Assert.Single(await Send(List()));

            Assert.Equal("密码-ü \u00a0~", info.SecretName);
        }
    }
}
