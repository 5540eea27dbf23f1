using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// How the client retries each operation: CreateSecret only when the server certainly did not process it, the
    /// idempotent ones also after a 5xx, a timeout or a broken connection.
    /// </summary>
    public class SaeOperationRetryTests : SaeOperationTestBase
    {
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
    }
}
