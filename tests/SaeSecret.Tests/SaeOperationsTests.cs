using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests
{
    /// <summary>
    /// The six SAE secret APIs as operations: what each puts on the wire (PROTOCOL.md §1–§2, §5), how each maps its
    /// answer's Data (§3, §5), and how the client retries each (CreateSecret only when nothing was processed).
    /// </summary>
    public class SaeOperationsTests
    {
        private const string SecretValue = "Operations-Secret-Value-27";
        private const string Namespace = "cn-beijing:test";
        private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        private const string NoBodySignedHeaders = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
        private const string BodySignedHeaders = "content-type;" + NoBodySignedHeaders;
        private static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");

        private readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private readonly List<string> _verbose = new List<string>();
        private readonly SecretDataPlacement _placement;
        private readonly SaeClient _client;
        private string _forcedPlacement;

        public SaeOperationsTests()
        {
            _placement = new SecretDataPlacement(() => _forcedPlacement);
            _client = TestClients.Recording(_handler, _delays, false, _placement);
        }

        private Task<T> Send<T>(SaeOperation<T> operation, int maxRetries = 3, TimeSpan? timeout = null) =>
            _client.SendAsync(operation,
                TestKeys.Provider(),
                TestClients.Retry(maxRetries, timeout),
                TestClients.CollectInto(_verbose),
                CancellationToken.None);

        private Task<SaeServiceException> Fails<T>(SaeOperation<T> operation, int maxRetries = 3, TimeSpan? timeout = null) =>
            Assert.ThrowsAsync<SaeServiceException>(() => Send(operation, maxRetries, timeout));

        private static EncodedSecretData Data() => TestSecretData.Plain(("password", SecretValue), ("user.name", "a+b/c=d~e f"));

        /// <summary>A success envelope around the given Data JSON.</summary>
        private static string Ok(string dataJson, string requestId = "\"R-OK\"") =>
            "{\"RequestId\":" + requestId + ",\"Message\":\"success\",\"TraceId\":\"T-OK\",\"Data\":" + dataJson + ",\"Code\":\"200\",\"Success\":true}";

        private FakeSaeHandler AnswerData(string dataJson) => _handler.ThenJson(HttpStatusCode.OK, Ok(dataJson));

        private static string Error(string code, string message = "Something went wrong.") =>
            "{\"RequestId\":\"R-ERR\",\"Code\":\"" + code + "\",\"Message\":\"" + message + "\",\"Success\":false}";

        private static SaeOperation<List<SecretInfo>> List(string ns = Namespace) => SaeOperations.ListSecrets(Endpoint, ns);
        private static SaeOperation<DescribedSecret> Describe(long id = 16) => SaeOperations.DescribeSecret(Endpoint, Namespace, id);
        /// <summary>A create, answered: the new id (the RequestId has a test of its own).</summary>
        private async Task<long> SendCreate(SaeOperation<CreatedSecret> operation, int maxRetries = 3, TimeSpan? timeout = null) =>
            (await Send(operation, maxRetries, timeout)).SecretId;

        private static SaeOperation<CreatedSecret> Create(string name = "db-cred", string type = "Opaque", EncodedSecretData data = null) =>
            SaeOperations.CreateSecret(Endpoint, Namespace, name, type, data ?? Data());
        private static SaeOperation<string> Delete(long id = 16) => SaeOperations.DeleteSecret(Endpoint, Namespace, id);
        private static SaeOperation<UpdateSecretResult> Update(long id = 16, EncodedSecretData data = null) =>
            SaeOperations.UpdateSecret(Endpoint, Namespace, id, data ?? Data());
        private static SaeOperation<List<SaeNamespace>> Namespaces(string region = "cn-beijing") => SaeOperations.DescribeNamespaceList(Endpoint, region);

        /// <summary>Everything a request without a body must carry, and a signature that checks.</summary>
        private static void AssertNoBodyRequest(RecordedRequest r, HttpMethod method, string pathAndQuery, string action)
        {
            Assert.Equal(method, r.Method);
            Assert.Equal("sae.cn-beijing.aliyuncs.com", r.Uri.Host);
            Assert.Equal(pathAndQuery, r.Uri.PathAndQuery);
            Assert.Equal(action, r.Header("x-acs-action"));
            Assert.Equal("2019-05-06", r.Header("x-acs-version"));
            Assert.Equal("sae.cn-beijing.aliyuncs.com", r.Header("host"));
            Assert.Equal("application/json", r.Header("accept"));
            Assert.Null(r.Body);
            Assert.Null(r.Header("content-type"));
            Assert.Equal(EmptyBodyHash, r.Header("x-acs-content-sha256"));
            Assert.Equal(NoBodySignedHeaders, Gateway.SignedHeadersOf(r));
            Assert.StartsWith("ACS3-HMAC-SHA256 Credential=" + KeyId + ",SignedHeaders=", r.Header("authorization"));
            Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
        }

        /// <summary>Everything a request with SecretData in the body must carry, and a signature that checks.</summary>
        private static void AssertBodyRequest(RecordedRequest r, HttpMethod method, string pathAndQuery, string action, EncodedSecretData data)
        {
            Assert.Equal(method, r.Method);
            Assert.Equal(pathAndQuery, r.Uri.PathAndQuery);
            Assert.Equal(action, r.Header("x-acs-action"));
            Assert.Equal("2019-05-06", r.Header("x-acs-version"));
            SecretAssert.SameBytes(data.Body, r.Body, "request body");
            Assert.Equal("application/json; charset=utf-8", r.Header("content-type"));
            Assert.Equal(Hex.Sha256(data.Body), r.Header("x-acs-content-sha256"));
            Assert.Equal(BodySignedHeaders, Gateway.SignedHeadersOf(r));
            Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
            SecretAssert.DoesNotLeak(r.Uri.ToString(), "password", "URL");
        }

        // =====================================================================================================
        // The operations as data
        // =====================================================================================================

        [Fact]
        public void Paths_are_the_documented_ones()
        {
            Assert.Equal("/pop/v1/sam/secret/secret", SaeOperations.SecretPath);
            Assert.Equal("/pop/v1/sam/secret/secrets", SaeOperations.SecretsPath);
            Assert.Equal("/pop/v1/sam/namespace/describeNamespaceList", SaeOperations.NamespacesPath);
        }

        [Fact]
        public void UpdateSecret_is_an_idempotent_PUT_carrying_SecretData()
        {
            var data = Data();
            var op = SaeOperations.UpdateSecret(Endpoint, Namespace, 16, data);

            Assert.Same(Endpoint, op.Endpoint);
            Assert.Equal(HttpMethod.Put, op.Method);
            Assert.Equal(SaeOperations.SecretPath, op.Path);
            Assert.Equal("UpdateSecret", op.Action);
            Assert.Equal("cn-beijing:test/16", op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace), P("SecretId", "16") }, op.Query);
            Assert.Same(data, op.SecretData);
            Assert.True(op.Idempotent);
        }

        [Fact]
        public void ListSecrets_is_an_idempotent_GET_by_namespace()
        {
            var op = List();

            Assert.Equal(HttpMethod.Get, op.Method);
            Assert.Equal(SaeOperations.SecretsPath, op.Path);
            Assert.Equal("ListSecrets", op.Action);
            Assert.Equal(Namespace, op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace) }, op.Query);
            Assert.Null(op.SecretData);
            Assert.True(op.Idempotent);
        }

        [Fact]
        public void DescribeSecret_is_an_idempotent_GET_by_id()
        {
            var op = Describe(1000000000);

            Assert.Equal(HttpMethod.Get, op.Method);
            Assert.Equal(SaeOperations.SecretPath, op.Path);
            Assert.Equal("DescribeSecret", op.Action);
            Assert.Equal("cn-beijing:test/1000000000", op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace), P("SecretId", "1000000000") }, op.Query);
            Assert.Null(op.SecretData);
            Assert.True(op.Idempotent);
        }

        [Fact]
        public void CreateSecret_is_a_POST_by_name_and_type_that_is_not_idempotent()
        {
            var data = Data();
            var op = SaeOperations.CreateSecret(Endpoint, Namespace, "db-cred", "kubernetes.io/tls", data);

            Assert.Equal(HttpMethod.Post, op.Method);
            Assert.Equal(SaeOperations.SecretPath, op.Path);
            Assert.Equal("CreateSecret", op.Action);
            Assert.Equal("cn-beijing:test/db-cred", op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace), P("SecretName", "db-cred"), P("SecretType", "kubernetes.io/tls") }, op.Query);
            Assert.Same(data, op.SecretData);
            Assert.False(op.Idempotent);
        }

        [Fact]
        public void DeleteSecret_is_an_idempotent_DELETE_by_id()
        {
            var op = Delete(17);

            Assert.Equal(HttpMethod.Delete, op.Method);
            Assert.Equal(SaeOperations.SecretPath, op.Path);
            Assert.Equal("DeleteSecret", op.Action);
            Assert.Equal("cn-beijing:test/17", op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace), P("SecretId", "17") }, op.Query);
            Assert.Null(op.SecretData);
            Assert.True(op.Idempotent);
        }

        [Fact]
        public void DescribeNamespaceList_is_an_idempotent_GET_with_ContainCustom()
        {
            var op = Namespaces("cn-hangzhou");

            Assert.Equal(HttpMethod.Get, op.Method);
            Assert.Equal(SaeOperations.NamespacesPath, op.Path);
            Assert.Equal("DescribeNamespaceList", op.Action);
            Assert.Equal("cn-hangzhou", op.Target);
            Assert.Equal(new[] { P("ContainCustom", "true") }, op.Query);
            Assert.Null(op.SecretData);
            Assert.True(op.Idempotent);
        }

        private static KeyValuePair<string, string> P(string name, string value) => new KeyValuePair<string, string>(name, value);

        // =====================================================================================================
        // The requests on the wire
        // =====================================================================================================

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

        // =====================================================================================================
        // CreateSecret: SecretData placement works as for UpdateSecret
        // =====================================================================================================

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
        public async Task CreateSecret_result_carries_the_new_id_and_the_RequestId_of_the_write()
        {
            _handler.ThenSuccess("\"1042\"");

            var created = await Send(Create());

            Assert.Equal(1042, created.SecretId);
            Assert.Equal("91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD", created.RequestId);
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

        // =====================================================================================================
        // CreateSecret: resent only when the server certainly did not process it
        // =====================================================================================================

        [Theory]
        [InlineData(HttpStatusCode.InternalServerError, "OperationFailed.RPCError")]
        [InlineData(HttpStatusCode.BadGateway, "BadGateway")]
        [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
        [InlineData(HttpStatusCode.GatewayTimeout, "GatewayTimeout")]
        public async Task CreateSecret_is_not_resent_after_a_5xx(HttpStatusCode status, string code)
        {
            _handler.ThenJson(status, Error(code)).ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            var ex = await Fails(Create());

            Assert.Equal(code, ex.ErrorCode);
            Assert.True(ex.IsTransient);
            Assert.Equal(1, ex.Attempts);
            Assert.Single(_handler.Requests);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task CreateSecret_is_not_resent_after_a_5xx_that_is_not_JSON()
        {
            _handler.ThenBody(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html").ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            var ex = await Fails(Create());

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Single(_handler.Requests);
        }

        [Fact]
        public async Task CreateSecret_is_not_resent_after_a_timeout()
        {
            _handler.Then(async (r, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            }).ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            var ex = await Fails(Create(), timeout: TimeSpan.FromMilliseconds(50));

            Assert.Equal(ErrorIds.RequestTimedOut, ex.ErrorCode);
            Assert.True(ex.IsTransient);
            Assert.Equal(1, ex.Attempts);
            Assert.Single(_handler.Requests);
        }

        [Theory]
        [InlineData(SocketError.ConnectionReset)]
        [InlineData(SocketError.TimedOut)]
        public async Task CreateSecret_is_not_resent_after_a_connection_failure_that_may_have_carried_it(SocketError error)
        {
            _handler.ThenThrow(new HttpRequestException("The connection broke.", new SocketException((int)error)))
                .ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            var ex = await Fails(Create());

            Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorCode);
            Assert.Single(_handler.Requests);
        }

        [Theory]
        [InlineData(SocketError.ConnectionRefused)]
        [InlineData(SocketError.HostNotFound)]
        public async Task CreateSecret_is_resent_after_a_refused_connection(SocketError error)
        {
            var data = Data();
            _handler.ThenThrow(new HttpRequestException("Connection refused (sae.cn-beijing.aliyuncs.com:443)", new SocketException((int)error)))
                .ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            var id = await SendCreate(Create("db-cred", "Opaque", data));

            Assert.Equal(17, id);
            Assert.Equal(2, _handler.Requests.Count);
            Assert.Single(_delays);
            AssertBodyRequest(_handler.Requests[1], HttpMethod.Post, "/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretName=db-cred&SecretType=Opaque", "CreateSecret", data);
        }

        [Theory]
        [InlineData(HttpStatusCode.TooManyRequests, "Throttling.User")]
        [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequests")]
        [InlineData(HttpStatusCode.ServiceUnavailable, "Throttling.User")]
        [InlineData(HttpStatusCode.BadRequest, "Throttling")]
        public async Task CreateSecret_is_resent_after_throttling(HttpStatusCode status, string code)
        {
            _handler.ThenJson(status, Error(code, "Request was denied due to user flow control."), ("x-acs-retry-after", "250"))
                .ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            var id = await SendCreate(Create());

            Assert.Equal(17, id);
            Assert.Equal(2, _handler.Requests.Count);
            Assert.Equal(new[] { TimeSpan.FromMilliseconds(250) }, _delays);
            var (first, second) = (_handler.Requests[0], _handler.Requests[1]);
            Assert.NotEqual(first.Header("x-acs-signature-nonce"), second.Header("x-acs-signature-nonce"));
            Assert.Equal(second.Header("authorization"), Gateway.RecomputeAuthorization(second, KeyId, KeySecret));
        }

        [Fact]
        public async Task CreateSecret_is_resent_after_a_429_that_is_not_JSON()
        {
            _handler.ThenBody(HttpStatusCode.TooManyRequests, "slow down", "text/plain").ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            Assert.Equal(17, await SendCreate(Create()));
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public async Task CreateSecret_throttled_on_every_attempt_gives_up_after_the_retries()
        {
            _handler.ThenJson(HttpStatusCode.TooManyRequests, Error("Throttling.User"));

            var ex = await Fails(Create(), maxRetries: 2);

            Assert.Equal("Throttling.User", ex.ErrorCode);
            Assert.Equal(3, ex.Attempts);
            Assert.Equal(3, _handler.Requests.Count);
        }

        [Fact]
        public async Task CreateSecret_throttled_then_failing_with_a_5xx_is_not_resent_again()
        {
            _handler.ThenJson(HttpStatusCode.TooManyRequests, Error("Throttling.User"))
                .ThenJson(HttpStatusCode.InternalServerError, Error("OperationFailed.RPCError"))
                .ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":17}"));

            var ex = await Fails(Create());

            Assert.Equal("OperationFailed.RPCError", ex.ErrorCode);
            Assert.Equal(2, ex.Attempts);
            Assert.Equal(2, _handler.Requests.Count);
        }

        // =====================================================================================================
        // The idempotent operations are resent after a 5xx or a timeout
        // =====================================================================================================

        public static TheoryData<string> IdempotentOperations => new TheoryData<string>
        {
            "ListSecrets", "DescribeSecret", "DeleteSecret", "UpdateSecret", "DescribeNamespaceList",
        };

        private Task<object> SendByName(string action) => action switch
        {
            "ListSecrets" => Send(List()).ContinueWith(t => (object)t.Result),
            "DescribeSecret" => Send(Describe()).ContinueWith(t => (object)t.Result),
            "DeleteSecret" => Send(Delete()).ContinueWith(t => (object)t.Result),
            "UpdateSecret" => Send(Update()).ContinueWith(t => (object)t.Result),
            "DescribeNamespaceList" => Send(Namespaces()).ContinueWith(t => (object)t.Result),
            _ => throw new ArgumentException(action),
        };

        private static string SuccessFor(string action) => action == "DescribeNamespaceList" ? Ok("[]")
            : action == "ListSecrets" ? Ok("{\"Secrets\":[]}")
            : action == "DescribeSecret" ? Ok("{\"SecretId\":16,\"SecretData\":{}}")
            : Ok("{\"SecretId\":16}");

        [Theory]
        [MemberData(nameof(IdempotentOperations))]
        public async Task Idempotent_operations_are_resent_after_a_5xx(string action)
        {
            _handler.ThenJson(HttpStatusCode.InternalServerError, Error("OperationFailed.RPCError"))
                .ThenJson(HttpStatusCode.ServiceUnavailable, Error("ServiceUnavailable"))
                .ThenJson(HttpStatusCode.OK, SuccessFor(action));

            var result = await SendByName(action);

            Assert.NotNull(result);
            Assert.Equal(3, _handler.Requests.Count);
            Assert.All(_handler.Requests, r => Assert.Equal(action, r.Header("x-acs-action")));
            Assert.Equal(2, _delays.Count);
        }

        [Theory]
        [MemberData(nameof(IdempotentOperations))]
        public async Task Idempotent_operations_are_resent_after_a_connection_reset(string action)
        {
            _handler.ThenThrow(new HttpRequestException("The connection broke.", new SocketException((int)SocketError.ConnectionReset)))
                .ThenJson(HttpStatusCode.OK, SuccessFor(action));

            await SendByName(action);

            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public async Task DeleteSecret_is_resent_after_a_timeout()
        {
            _handler.Then(async (r, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            }).ThenJson(HttpStatusCode.OK, Ok("{\"SecretId\":16}"));

            var requestId = await Send(Delete(), timeout: TimeSpan.FromMilliseconds(100));

            Assert.Equal("R-OK", requestId);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public async Task DeleteSecret_a_dependency_violation_is_not_resent()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, Error("DependencyViolation.Application", "An application still uses the secret."));

            var ex = await Fails(Delete());

            Assert.Equal("DependencyViolation.Application", ex.ErrorCode);
            Assert.False(ex.IsTransient);
            Assert.Single(_handler.Requests);
        }

        // =====================================================================================================
        // UpdateSecret: the result
        // =====================================================================================================

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

        // =====================================================================================================
        // ListSecrets: the mapping of Data
        // =====================================================================================================

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

        // =====================================================================================================
        // DescribeSecret: the mapping of Data
        // =====================================================================================================

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

        // =====================================================================================================
        // CreateSecret: the mapping of Data
        // =====================================================================================================

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

        // =====================================================================================================
        // DeleteSecret: the result
        // =====================================================================================================

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

        // =====================================================================================================
        // DescribeNamespaceList: the mapping of Data
        // =====================================================================================================

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
