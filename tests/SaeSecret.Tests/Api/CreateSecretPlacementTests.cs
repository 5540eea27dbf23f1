using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// CreateSecret: SecretData placement works as for UpdateSecret.
    /// </summary>
    public class CreateSecretPlacementTests : SaeOperationTestBase
    {
        [Theory]
        [InlineData("MissingSecretData", "SecretData is mandatory for this action.")]
        [InlineData("InvalidParameter.NotEmpty", "The parameter SecretData cannot be empty.")]
        [InlineData("MissingParameter", "secretdata is missing")]
        public async Task CreateSecret_resends_SecretData_in_the_query_when_the_body_was_not_read(string code, string message)
        {
            var data = Data();
            _handler.ThenJson(HttpStatusCode.BadRequest, Error(code, message)).ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":\"17\"}"));

            var id = await SendCreate(Create("db-cred", "Opaque", data));

            Assert.Equal(17, id);
            Assert.Equal(2, _handler.Requests.Count);
            AssertBodyRequest(_handler.Requests[0], HttpMethod.Post, "/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretName=db-cred&SecretType=Opaque", "CreateSecret", data);
            var second = _handler.Requests[1];
            Assert.Equal(HttpMethod.Post, second.Method);
            Assert.Null(second.Body);
            Assert.Null(second.Header("content-type"));
            Assert.Equal(EmptyBodyHash, second.Header("x-acs-content-sha256"));
            Assert.Equal(NoBodySignedHeaders, Gateway.SignedHeadersOf(second));
            var expected = "/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretName=db-cred&SecretType=Opaque&SecretData=" +
                AcsPercentEncoder.Encode(Encoding.UTF8.GetString(data.Body));
            SecretAssert.SameText(expected, second.Uri.PathAndQuery, "query-form path and query");
            Assert.Equal(second.Header("authorization"), Gateway.RecomputeAuthorization(second, KeyId, KeySecret));
            Assert.NotEqual(_handler.Requests[0].Header("x-acs-signature-nonce"), second.Header("x-acs-signature-nonce"));
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task CreateSecret_after_the_fallback_goes_straight_to_the_query()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, Error("MissingSecretData", "SecretData is mandatory."))
                .ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            await SendCreate(Create("first"));
            await SendCreate(Create("second"));

            Assert.Equal(3, _handler.Requests.Count);
            Assert.NotNull(_handler.Requests[0].Body);
            Assert.Null(_handler.Requests[2].Body);
            Assert.Contains(Gateway.QueryOf(_handler.Requests[2].Uri), p => p.Key == "SecretData");
            Assert.Contains(Gateway.QueryOf(_handler.Requests[2].Uri), p => p.Key == "SecretName" && p.Value == "second");
        }

        [Fact]
        public async Task CreateSecret_an_update_learns_the_query_form_for_a_later_create()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, Error("MissingSecretData", "SecretData is mandatory."))
                .ThenSuccess("17");

            await Send(Update());
            var id = await SendCreate(Create());

            Assert.Equal(17, id);
            Assert.Equal(3, _handler.Requests.Count);
            Assert.Null(_handler.Requests[2].Body);
            Assert.Equal("CreateSecret", _handler.Requests[2].Header("x-acs-action"));
        }

        [Fact]
        public async Task CreateSecret_with_the_query_form_forced_sends_no_body()
        {
            _forcedPlacement = "Query";
            var data = Data();
            AnswerData("{\"SecretId\":17}");

            Assert.Equal(17, await SendCreate(Create("db-cred", "Opaque", data)));

            var r = Assert.Single(_handler.Requests);
            Assert.Null(r.Body);
            Assert.Equal(EmptyBodyHash, r.Header("x-acs-content-sha256"));
            var sent = Gateway.QueryOf(r.Uri).Single(p => p.Key == "SecretData").Value;
            SecretAssert.SameText(Encoding.UTF8.GetString(data.Body), sent, "SecretData query value");
            Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
        }

        [Fact]
        public async Task CreateSecret_with_the_body_form_forced_does_not_fall_back()
        {
            _forcedPlacement = "Body";
            _handler.ThenJson(HttpStatusCode.BadRequest, Error("MissingSecretData", "SecretData is mandatory."));

            var ex = await Fails(Create());

            Assert.Equal("MissingSecretData", ex.ErrorCode);
            Assert.Single(_handler.Requests);
        }

        [Fact]
        public async Task CreateSecret_a_400_about_something_else_is_not_resent()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, Error("SecretNameConflict.AlreadyExist", "The secret name already exists."));

            var ex = await Fails(Create());

            Assert.Equal("SecretNameConflict.AlreadyExist", ex.ErrorCode);
            Assert.Single(_handler.Requests);
            Assert.Equal(1, ex.Attempts);
        }
    }
}
