using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Tests.Credentials
{
    /// <summary>
    /// Temporary keys that arrive already expired (by our clock), and keys the service calls expired: neither may
    /// make a pipeline fetch per record, and an expired key is replaced once, not sent again.
    /// </summary>
    [Collection("Environment")]
    public class ExpiredCredentialTests : IDisposable
    {
        private const string UriSecret = "UriSecret-Distinct-64";
        private static readonly Uri SaeEndpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");

        private readonly FakeSaeHandler _uri = new FakeSaeHandler();
        private readonly FakeSaeHandler _sae = new FakeSaeHandler();
        private readonly SaeClient _client;

        public ExpiredCredentialTests()
        {
            TemporaryCredentialCache.Clear();
            _client = new SaeClient(new HttpClient(_sae), (wait, token) => Task.CompletedTask);
        }

        public void Dispose() => TemporaryCredentialCache.Clear();

        /// <summary>The credentials URI hands out key n (STS.key-n) with this expiration text on its n-th fetch.</summary>
        private void UriAnswers(Func<int, string> expiration)
        {
            int fetches = 0;
            _uri.Then((request, token) =>
            {
                int n = Interlocked.Increment(ref fetches);
                return Task.FromResult(FakeSaeHandler.Json(HttpStatusCode.OK,
                    "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.key-" + n + "\",\"AccessKeySecret\":\"" + UriSecret + "\",\"SecurityToken\":\"token-" + n +
                    "\",\"Expiration\":\"" + expiration(n) + "\"}"));
            });
        }

        private CredentialsUriCredentialProvider UriProvider() =>
            new CredentialsUriCredentialProvider("http://127.0.0.1:9/creds", "ALIBABA_CLOUD_CREDENTIALS_URI", null, new HttpClient(_uri));

        private static SaeOperation<UpdateSecretResult> Request(long secretId = 16) => SaeOperations.UpdateSecret(SaeEndpoint, "cn-beijing:test", secretId,
            SecretDataEncoder.Encode(new[] { new KeyValuePair<string, object>("k", "v" + secretId) }, false));

        private static string Utc(DateTimeOffset time, string format = "yyyy-MM-dd'T'HH:mm:ss'Z'") => time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

        private static string ExpiredError =>
            "{\"RequestId\":\"R-exp\",\"Code\":\"InvalidSecurityToken.Expired\",\"Message\":\"Specified SecurityToken is expired.\",\"Success\":false}";

        private static string KeyIdOf(RecordedRequest request) =>
            request.Header("authorization").Split(new[] { "Credential=" }, StringSplitOptions.None)[1].Split(',')[0];

        // ---- keys that arrive already expired ----

        // Each case is named by text (serializable), so xunit runs it as its own test case.
        private static string ExpirationArrivingAs(string when) => when switch
        {
            "an hour ago, UTC" => Utc(DateTimeOffset.UtcNow.AddHours(-1)),
            "an hour ago, without a time zone" => Utc(DateTimeOffset.UtcNow.AddHours(-1), "yyyy-MM-dd'T'HH:mm:ss"),
            "a second ago" => Utc(DateTimeOffset.UtcNow.AddSeconds(-1)),
            "in 100 ms" => DateTimeOffset.UtcNow.AddMilliseconds(100).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            _ => throw new ArgumentOutOfRangeException(nameof(when), when, "no such case"),
        };

        [Theory]
        [InlineData("an hour ago, UTC")]
        [InlineData("an hour ago, without a time zone")]
        [InlineData("a second ago")]
        [InlineData("in 100 ms")]
        public async Task Twenty_records_with_a_key_that_arrives_expired_fetch_it_a_bounded_number_of_times(string when)
        {
            UriAnswers(_ => ExpirationArrivingAs(when));
            _sae.ThenSuccess();
            var provider = UriProvider();

            for (int i = 1; i <= 20; i++)
            {
                var result = await _client.SendAsync(Request(i), provider, new RetryPolicy(), null, CancellationToken.None);
                Assert.True(result.Success);
            }

            Assert.Equal(20, _sae.Requests.Count);
            Assert.True(_uri.Requests.Count <= 2, "expiring " + when + ": " + _uri.Requests.Count + " fetches for 20 records");
        }

        [Fact]
        public async Task A_key_whose_expiration_has_no_time_zone_is_read_as_UTC()
        {
            UriAnswers(_ => Utc(DateTimeOffset.UtcNow.AddHours(1), "yyyy-MM-dd'T'HH:mm:ss"));
            var provider = UriProvider();

            var lookup = await provider.GetCredentialAsync(CancellationToken.None);

            var expected = DateTimeOffset.UtcNow.AddHours(1);
            Assert.InRange(lookup.Credential.Expiration.Value, expected.AddSeconds(-5), expected.AddSeconds(5));
        }

        // ---- the service says the key has expired ----

        [Fact]
        public async Task InvalidSecurityToken_Expired_drops_the_key_fetches_a_fresh_one_and_sends_once_more()
        {
            UriAnswers(_ => Utc(DateTimeOffset.UtcNow.AddHours(1)));
            _sae.ThenJson(HttpStatusCode.BadRequest, ExpiredError).ThenSuccess();
            var provider = UriProvider();

            var result = await _client.SendAsync(Request(), provider, new RetryPolicy { MaxRetries = 0 }, null, CancellationToken.None);

            Assert.True(result.Success);
            Assert.Equal(2, _uri.Requests.Count);
            Assert.Equal(new[] { "STS.key-1", "STS.key-2" }, _sae.Requests.Select(KeyIdOf));

            // The fresh key is the cached one from now on.
            await _client.SendAsync(Request(), provider, new RetryPolicy(), null, CancellationToken.None);
            Assert.Equal(2, _uri.Requests.Count);
            Assert.Equal("STS.key-2", KeyIdOf(_sae.Requests.Last()));
        }

        [Fact]
        public async Task Through_the_credential_chain_too()
        {
            UriAnswers(_ => Utc(DateTimeOffset.UtcNow.AddHours(1)));
            _sae.ThenJson(HttpStatusCode.BadRequest, ExpiredError).ThenSuccess();
            var chain = new CredentialChain(new ICredentialProvider[] { new NotConfiguredCredentialProvider("environment variables", "not set"), UriProvider() });

            var result = await _client.SendAsync(Request(), chain, new RetryPolicy(), null, CancellationToken.None);

            Assert.True(result.Success);
            Assert.Equal(new[] { "STS.key-1", "STS.key-2" }, _sae.Requests.Select(KeyIdOf));
        }

        [Fact]
        public async Task A_fresh_key_that_is_expired_too_is_not_sent_a_third_time()
        {
            UriAnswers(_ => Utc(DateTimeOffset.UtcNow.AddHours(1)));
            _sae.ThenJson(HttpStatusCode.BadRequest, ExpiredError);

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() =>
                _client.SendAsync(Request(), UriProvider(), new RetryPolicy(), null, CancellationToken.None));

            Assert.Equal("InvalidSecurityToken.Expired", ex.ErrorCode);
            Assert.Equal(2, _sae.Requests.Count);
            Assert.Equal(2, _uri.Requests.Count);
        }

        [Fact]
        public async Task A_fixed_key_the_service_calls_expired_fails_at_once()
        {
            _sae.ThenJson(HttpStatusCode.BadRequest, ExpiredError).ThenSuccess();
            var provider = new StaticCredentialProvider(new AlibabaCloudCredential("STS.fixed", "FixedSecret", "fixed-token", null, "environment variables (STS token)"));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() =>
                _client.SendAsync(Request(), provider, new RetryPolicy(), null, CancellationToken.None));

            Assert.Equal("InvalidSecurityToken.Expired", ex.ErrorCode);
            Assert.Single(_sae.Requests);
        }

        [Theory]
        [InlineData("InvalidSecurityToken.Expired", true)]
        [InlineData("InvalidSecurityToken.TokenExpired", true)]
        [InlineData("InvalidSecurityToken.MismatchWithAccessKey", false)]
        [InlineData("InvalidSecurityToken.Malformed", false)]
        [InlineData("InvalidTimeStamp.Expired", false)]
        [InlineData("InvalidAccessKeyId.NotFound", false)]
        [InlineData(null, false)]
        public void Which_service_codes_mean_the_key_expired(string code, bool expired)
        {
            Assert.Equal(expired, CredentialRenewal.IsExpiredKeyError(code));
        }

        [Fact]
        public async Task Invalidating_an_old_key_keeps_a_fresher_one_another_caller_already_fetched()
        {
            var n = 0;
            Func<CancellationToken, Task<AlibabaCloudCredential>> fetch = _ =>
                Task.FromResult(new AlibabaCloudCredential("STS.k" + Interlocked.Increment(ref n), "s", "t", DateTimeOffset.UtcNow.AddHours(1), "test"));
            var old = await TemporaryCredentialCache.GetAsync("test:invalidate", fetch, CancellationToken.None);
            TemporaryCredentialCache.Invalidate("test:invalidate", old);
            var fresh = await TemporaryCredentialCache.GetAsync("test:invalidate", fetch, CancellationToken.None);

            TemporaryCredentialCache.Invalidate("test:invalidate", old);
            var again = await TemporaryCredentialCache.GetAsync("test:invalidate", fetch, CancellationToken.None);

            Assert.Equal("STS.k2", fresh.AccessKeyId);
            Assert.Same(fresh, again);
            Assert.Equal(2, n);
        }
    }
}
