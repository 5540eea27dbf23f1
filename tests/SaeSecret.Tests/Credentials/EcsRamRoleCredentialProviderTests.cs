using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Credentials
{
    /// <summary>Instance metadata against a fake handler; the endpoint is a loopback override, never 100.100.100.200.</summary>
    [Collection("Environment")]
    public class EcsRamRoleCredentialProviderTests : IDisposable
    {
        private const string Credentials =
            "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.Ecs\",\"AccessKeySecret\":\"EcsSecret\",\"SecurityToken\":\"EcsToken\",\"Expiration\":\"2099-01-01T00:00:00Z\",\"LastUpdated\":\"x\"}";

        private readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private readonly EnvironmentScope _env = new EnvironmentScope().Set("SAESECRET_ECS_METADATA_ENDPOINT", "http://127.0.0.1:9");

        public EcsRamRoleCredentialProviderTests() => TemporaryCredentialCache.Clear();

        public void Dispose()
        {
            _env.Dispose();
            TemporaryCredentialCache.Clear();
        }

        private EcsRamRoleCredentialProvider Provider(string role = null, bool v1Disabled = false, string source = null) =>
            new EcsRamRoleCredentialProvider(role, v1Disabled, source, new HttpClient(_handler));

        [Fact]
        public async Task Imdsv2_token_then_role_then_credentials_each_with_the_token()
        {
            _handler.ThenBody(HttpStatusCode.OK, "session-token", "text/plain")
                .ThenBody(HttpStatusCode.OK, "worker\n", "text/plain")
                .ThenJson(HttpStatusCode.OK, Credentials);

            var lookup = await Provider().GetCredentialAsync(CancellationToken.None);

            Assert.Equal("STS.Ecs", lookup.Credential.AccessKeyId);
            Assert.Equal("ECS RAM role 'worker'", lookup.Credential.Source);
            var requests = _handler.Requests;
            Assert.Equal(3, requests.Count);
            Assert.Equal(HttpMethod.Put, requests[0].Method);
            Assert.Equal("http://127.0.0.1:9/latest/api/token", requests[0].Uri.AbsoluteUri);
            Assert.Equal("21600", requests[0].Header("X-aliyun-ecs-metadata-token-ttl-seconds"));
            Assert.Equal("/latest/meta-data/ram/security-credentials/", requests[1].Uri.AbsolutePath);
            Assert.Equal("/latest/meta-data/ram/security-credentials/worker", requests[2].Uri.AbsolutePath);
            Assert.All(requests.Skip(1), r => Assert.Equal("session-token", r.Header("X-aliyun-ecs-metadata-token")));
        }

        [Fact]
        public async Task A_failed_token_request_falls_back_to_imdsv1()
        {
            _handler.ThenBody(HttpStatusCode.NotFound, "Not Found", "text/plain").ThenJson(HttpStatusCode.OK, Credentials);

            var lookup = await Provider("worker").GetCredentialAsync(CancellationToken.None);

            Assert.Equal("STS.Ecs", lookup.Credential.AccessKeyId);
            Assert.Null(_handler.Requests[1].Header("X-aliyun-ecs-metadata-token"));
        }

        [Fact]
        public async Task A_token_timeout_also_falls_back_to_imdsv1()
        {
            _handler.Then(async (r, token) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(5), token);
                throw new InvalidOperationException("not reached");
            }).ThenJson(HttpStatusCode.OK, Credentials);

            var lookup = await Provider("worker").GetCredentialAsync(CancellationToken.None);

            Assert.Equal("STS.Ecs", lookup.Credential.AccessKeyId);
        }

        [Fact]
        public async Task With_imdsv1_disabled_a_failed_token_request_is_not_found_and_nothing_else_is_asked()
        {
            _handler.ThenBody(HttpStatusCode.NotFound, "Not Found", "text/plain");

            var lookup = await Provider(v1Disabled: true).GetCredentialAsync(CancellationToken.None);

            Assert.Null(lookup.Credential);
            Assert.Contains("ALIBABA_CLOUD_IMDSV1_DISABLED is true", lookup.Reason);
            Assert.Single(_handler.Requests);
        }

        [Fact]
        public async Task No_metadata_service_is_not_found_so_the_chain_moves_on()
        {
            _handler.ThenThrow(new HttpRequestException("No route to host"));

            var lookup = await Provider().GetCredentialAsync(CancellationToken.None);

            Assert.Null(lookup.Credential);
            Assert.Contains("is not reachable", lookup.Reason);
        }

        [Fact]
        public async Task No_role_attached_is_not_found()
        {
            _handler.ThenBody(HttpStatusCode.OK, "tok", "text/plain").ThenBody(HttpStatusCode.NotFound, "Not Found", "text/plain");

            var lookup = await Provider().GetCredentialAsync(CancellationToken.None);

            Assert.Equal("no RAM role is attached to this instance (instance metadata at http://127.0.0.1:9)", lookup.Reason);
        }

        [Fact]
        public async Task A_named_role_that_is_not_attached_is_a_source_failure()
        {
            _handler.ThenBody(HttpStatusCode.OK, "tok", "text/plain").ThenBody(HttpStatusCode.NotFound, "Not Found", "text/plain");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => Provider("other").GetCredentialAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsSourceFailed, ex.ErrorId);
            Assert.Contains("'other'", ex.Message);
        }

        [Fact]
        public async Task A_failure_code_in_the_answer_is_a_source_failure_without_the_body()
        {
            _handler.ThenBody(HttpStatusCode.OK, "tok", "text/plain")
                .ThenJson(HttpStatusCode.OK, "{\"Code\":\"Failed\",\"AccessKeySecret\":\"LeakyEcsSecret\"}");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => Provider("worker", source: "aliyun CLI profile 'e' (EcsRamRole)").GetCredentialAsync(CancellationToken.None));

            Assert.StartsWith("aliyun CLI profile 'e' (EcsRamRole): ", ex.Message);
            Assert.Contains("Code 'Failed'", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, "LeakyEcsSecret", "the error");
        }

        [Fact]
        public async Task The_credential_is_cached_for_the_process()
        {
            _handler.ThenBody(HttpStatusCode.OK, "tok", "text/plain").ThenJson(HttpStatusCode.OK, Credentials);

            await Provider("worker").GetCredentialAsync(CancellationToken.None);
            var again = await Provider("worker").GetCredentialAsync(CancellationToken.None);

            Assert.Equal("STS.Ecs", again.Credential.AccessKeyId);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public async Task The_default_chain_entry_is_skipped_when_metadata_is_disabled()
        {
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "TRUE"))
            {
                var entry = EcsRamRoleCredentialProvider.FromEnvironment();

                Assert.Equal("ECS instance metadata", entry.Name);
                Assert.Equal("ALIBABA_CLOUD_ECS_METADATA_DISABLED is true", (await entry.GetCredentialAsync(CancellationToken.None)).Reason);
            }
        }
    }
}
