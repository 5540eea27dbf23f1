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
    [Collection("Environment")]
    public class CredentialsUriCredentialProviderTests : IDisposable
    {
        private readonly FakeSaeHandler _handler = new FakeSaeHandler();

        public CredentialsUriCredentialProviderTests() => TemporaryCredentialCache.Clear();

        public void Dispose() => TemporaryCredentialCache.Clear();

        [Fact]
        public async Task Reads_the_metadata_shape_and_names_the_uri_without_its_query()
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.Uri\",\"AccessKeySecret\":\"s\",\"SecurityToken\":\"t\",\"Expiration\":\"2099-01-01T00:00:00Z\"}");
            var provider = new CredentialsUriCredentialProvider("http://127.0.0.1:9/creds?auth=QuerySecret", "ALIBABA_CLOUD_CREDENTIALS_URI", null, new HttpClient(_handler));

            var lookup = await provider.GetCredentialAsync(CancellationToken.None);

            Assert.Equal("STS.Uri", lookup.Credential.AccessKeyId);
            Assert.Equal("credentials URI 'http://127.0.0.1:9/creds'", lookup.Credential.Source);
            Assert.Equal("http://127.0.0.1:9/creds?auth=QuerySecret", _handler.Requests.Single().Uri.AbsoluteUri);
        }

        [Fact]
        public async Task An_answer_beyond_the_cap_is_a_source_failure_and_is_not_read_further()
        {
            var zeros = new ZeroStream(64L * 1024 * 1024);
            _handler.Then((r, t) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(zeros) }));
            var provider = new CredentialsUriCredentialProvider("http://127.0.0.1:9/creds", "ALIBABA_CLOUD_CREDENTIALS_URI", null, new HttpClient(_handler));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsSourceFailed, ex.ErrorId);
            Assert.Contains("larger than 4 MiB", ex.Message);
            Assert.InRange(zeros.BytesRead, 0, SaeSecret.PowerShell.Http.BoundedContent.MaxBytes + 64 * 1024);
        }

        [Theory]
        [InlineData("file:///etc/passwd", ErrorIds.CredentialsInvalid)]
        [InlineData("not a uri", ErrorIds.CredentialsInvalid)]
        [InlineData("http://169.254.170.2/v2/credentials", ErrorIds.CredentialsInvalid)]
        [InlineData("http://credentials.internal.example.com/creds", ErrorIds.CredentialsInvalid)]
        public async Task A_uri_that_is_not_https_or_loopback_http_is_invalid(string uri, string errorId)
        {
            var provider = new CredentialsUriCredentialProvider(uri, "ALIBABA_CLOUD_CREDENTIALS_URI", null, new HttpClient(_handler));

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            Assert.Equal(errorId, ex.ErrorId);
            Assert.Contains("ALIBABA_CLOUD_CREDENTIALS_URI", ex.Message);
            Assert.Empty(_handler.Requests);
        }

        [Theory]
        [InlineData("https://credentials.internal.example.com/creds")]
        [InlineData("http://127.0.0.1:9/creds")]
        [InlineData("http://localhost:9/creds")]
        [InlineData("http://[::1]:9/creds")]
        public async Task Https_anywhere_and_plain_http_on_loopback_are_accepted(string uri)
        {
            _handler.ThenJson(HttpStatusCode.OK, "{\"AccessKeyId\":\"STS.Uri\",\"AccessKeySecret\":\"s\",\"SecurityToken\":\"t\",\"Expiration\":\"2099-01-01T00:00:00Z\"}");
            var provider = new CredentialsUriCredentialProvider(uri, "ALIBABA_CLOUD_CREDENTIALS_URI", null, new HttpClient(_handler));

            var lookup = await provider.GetCredentialAsync(CancellationToken.None);

            Assert.Equal("STS.Uri", lookup.Credential.AccessKeyId);
        }

        [Fact]
        public async Task An_error_status_or_missing_fields_are_source_failures()
        {
            _handler.ThenJson(HttpStatusCode.InternalServerError, "{}").ThenJson(HttpStatusCode.OK, "{\"AccessKeyId\":\"x\"}");
            var provider = new CredentialsUriCredentialProvider("http://127.0.0.1:9/c", "x", null, new HttpClient(_handler));

            var status = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));
            var missing = await Assert.ThrowsAsync<CredentialsException>(() => provider.GetCredentialAsync(CancellationToken.None));

            Assert.Contains("answered HTTP 500", status.Message);
            Assert.Contains("without AccessKeySecret", missing.Message);
        }
    }
}
