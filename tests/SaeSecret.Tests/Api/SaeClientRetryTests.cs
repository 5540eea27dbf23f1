using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestClients;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// When SaeClient sends again and when it stops: transient and permanent errors, retry hints, backoff, timeouts,
    /// cancellation, missing credentials; and the RetryPolicy delays.
    /// </summary>
    public class SaeClientRetryTests : SaeClientTestBase
    {
        [Fact]
        public async Task Html_502_is_retried()
        {
            _handler.ThenBody(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>", "text/html").ThenSuccess();

            var result = await Update();

            Assert.True(result.Success);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Theory]
        [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
        [InlineData(HttpStatusCode.InternalServerError, "OperationFailed.RPCError")]
        [InlineData((HttpStatusCode)429, "Throttling")]
        [InlineData((HttpStatusCode)429, "TooManyRequests")]
        [InlineData(HttpStatusCode.BadRequest, "Throttling.User")]
        public async Task Transient_errors_are_retried_up_to_MaxRetries(HttpStatusCode status, string code)
        {
            _handler.ThenJson(status, ErrorBody(code));

            var ex = await Fails(retry: Retry(maxRetries: 3));

            Assert.Equal(code, ex.ErrorCode);
            Assert.Equal(4, _handler.Requests.Count);
            Assert.Equal(4, ex.Attempts);
            Assert.Equal(3, _delays.Count);
            Assert.Equal(4, _handler.Requests.Select(r => r.Header("x-acs-signature-nonce")).Distinct().Count());
            Assert.Equal(4, _handler.Requests.Select(r => r.Header("authorization")).Distinct().Count());
            foreach (var r in _handler.Requests)
            {
                Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
            }
        }

        [Fact]
        public async Task Transient_error_then_success_returns_the_result()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable"))
                    .ThenJson((HttpStatusCode)429, ErrorBody("Throttling.User"))
                    .ThenSuccess();

            var result = await Update(retry: Retry(maxRetries: 3));

            Assert.True(result.Success);
            Assert.Equal(3, _handler.Requests.Count);
            Assert.Equal(2, _delays.Count);
        }

        [Fact]
        public async Task Connection_failures_are_retried()
        {
            _handler.ThenThrow(new HttpRequestException("Connection refused (sae.cn-beijing.aliyuncs.com:443)"));

            var ex = await Fails(retry: Retry(maxRetries: 2));

            Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorCode);
            Assert.Equal(3, _handler.Requests.Count);
            Assert.Equal(3, ex.Attempts);
            Assert.Contains("Connection refused", ex.Message);
        }

        [Fact]
        public async Task Connection_failure_then_success()
        {
            _handler.ThenThrow(new HttpRequestException("reset")).ThenSuccess();

            var result = await Update();

            Assert.True(result.Success);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Theory]
        [InlineData(HttpStatusCode.BadRequest, "InvalidSecretId.NotFound")]
        [InlineData(HttpStatusCode.BadRequest, "SignatureDoesNotMatch")]
        [InlineData(HttpStatusCode.BadRequest, "SignatureNonceUsed")]
        [InlineData(HttpStatusCode.Forbidden, "Forbidden.RAM")]
        [InlineData(HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound")]
        public async Task Permanent_errors_are_not_retried(HttpStatusCode status, string code)
        {
            _handler.ThenJson(status, ErrorBody(code)).ThenSuccess();

            var ex = await Fails(retry: Retry(maxRetries: 3));

            Assert.Equal(code, ex.ErrorCode);
            Assert.Single(_handler.Requests);
            Assert.Equal(1, ex.Attempts);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task Retry_after_header_sets_the_delay()
        {
            _handler.ThenJson((HttpStatusCode)429, ErrorBody("Throttling.User"), ("x-acs-retry-after", "1500")).ThenSuccess();

            await Update();

            Assert.Equal(new[] { TimeSpan.FromMilliseconds(1500) }, _delays);
        }

        [Fact]
        public async Task Retry_after_header_is_capped()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable"), ("x-acs-retry-after", "3600000")).ThenSuccess();
            var retry = Retry();
            retry.MaxRetryAfter = TimeSpan.FromSeconds(5);

            await Update(retry: retry);

            Assert.Equal(new[] { TimeSpan.FromSeconds(5) }, _delays);
        }

        [Fact]
        public async Task Delays_without_retry_after_back_off_with_jitter()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable"));
            var retry = Retry(maxRetries: 3);

            await Fails(retry: retry);

            Assert.Equal(3, _delays.Count);
            for (int i = 0; i < _delays.Count; i++)
            {
                double ceiling = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, i);
                Assert.InRange(_delays[i].TotalMilliseconds, ceiling * 0.5, ceiling);
            }
        }

        [Fact]
        public async Task MaxRetries_zero_makes_one_attempt()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable")).ThenSuccess();

            var ex = await Fails(retry: Retry(maxRetries: 0));

            Assert.Single(_handler.Requests);
            Assert.Equal(1, ex.Attempts);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task Each_attempt_gets_a_fresh_date_and_nonce()
        {
            // A real pause so that the second attempt falls in a later second than the first.
            var client = new SaeClient(new HttpClient(_handler), (wait, token) => Task.Delay(TimeSpan.FromMilliseconds(1100), token), Synchronous);
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable")).ThenSuccess();

            await Update(retry: Retry(maxRetries: 1), client: client);

            Assert.Equal(2, _handler.Requests.Count);
            var (first, second) = (_handler.Requests[0], _handler.Requests[1]);
            Assert.NotEqual(first.Header("x-acs-date"), second.Header("x-acs-date"));
            Assert.NotEqual(first.Header("x-acs-signature-nonce"), second.Header("x-acs-signature-nonce"));
            Assert.Equal(second.Header("authorization"), Gateway.RecomputeAuthorization(second, KeyId, KeySecret));
        }

        [Fact]
        public async Task A_hung_request_times_out_as_RequestTimedOut()
        {
            _handler.Then(async (r, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            });

            var ex = await Fails(retry: Retry(maxRetries: 1, timeout: TimeSpan.FromMilliseconds(50)));

            Assert.Equal(ErrorIds.RequestTimedOut, ex.ErrorCode);
            Assert.True(ex.IsTransient);
            Assert.Equal(2, _handler.Requests.Count);
            Assert.Equal(2, ex.Attempts);
            Assert.Contains("cn-beijing:test/16", ex.Message);
        }

        [Fact]
        public async Task Cancelling_the_callers_token_stops_without_retrying()
        {
            using var cts = new CancellationTokenSource();
            _handler.Then(async (r, token) =>
            {
                cts.Cancel();
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Update(retry: Retry(maxRetries: 3), cancellationToken: cts.Token));

            Assert.Single(_handler.Requests);
            Assert.Empty(_delays);
        }

        [Fact]
        public async Task An_already_cancelled_token_sends_nothing()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            _handler.ThenSuccess();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Update(cancellationToken: cts.Token));

            Assert.Empty(_handler.Requests);
        }

        [Fact]
        public async Task Missing_credentials_fail_before_sending()
        {
            _handler.ThenSuccess();
            var provider = new NoCredentials();

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => _client.SendAsync(
                SaeOperations.UpdateSecret(Endpoint, "cn-beijing:test", 16, Data()), provider, Retry(), null, CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsNotFound, ex.ErrorId);
            Assert.Contains("nothing configured", ex.Message);
            Assert.Empty(_handler.Requests);
        }

        private sealed class NoCredentials : ICredentialProvider
        {
            public string Name => "no source";
            public Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken) =>
                Task.FromResult(CredentialLookup.NotFound("nothing configured"));
        }

        // ---- RetryPolicy ----

        [Fact]
        public void DelayBefore_grows_and_is_capped_with_jitter_between_half_and_full_ceiling()
        {
            var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(20) };
            double previousCeiling = 0;
            for (int attempt = 2; attempt <= 40; attempt++)
            {
                double ceiling = Math.Min(20000, 200 * Math.Pow(2, attempt - 2));
                Assert.True(ceiling >= previousCeiling, "ceiling shrank");
                previousCeiling = ceiling;
                for (int sample = 0; sample < 200; sample++)
                {
                    var delay = policy.DelayBefore(attempt, null).TotalMilliseconds;
                    Assert.InRange(delay, ceiling * 0.5, ceiling);
                }
            }
        }

        [Fact]
        public void DelayBefore_doubles_until_the_cap()
        {
            var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

            double Max(int attempt) => Enumerable.Range(0, 500).Max(_ => policy.DelayBefore(attempt, null).TotalMilliseconds);
            double Min(int attempt) => Enumerable.Range(0, 500).Min(_ => policy.DelayBefore(attempt, null).TotalMilliseconds);

            Assert.InRange(Max(2), 50, 100);
            Assert.InRange(Min(4), 200, 400);
            Assert.InRange(Min(6), 500, 1000);
            Assert.InRange(Max(1000), 500, 1000);
            Assert.True(Min(5) > Max(2), "the delay did not grow");
        }

        [Fact]
        public void DelayBefore_jitter_actually_varies()
        {
            var policy = new RetryPolicy();

            var samples = Enumerable.Range(0, 100).Select(_ => policy.DelayBefore(5, null)).Distinct().Count();

            Assert.True(samples > 5, "no jitter");
        }

        [Fact]
        public void DelayBefore_honours_retry_after_up_to_the_cap()
        {
            var policy = new RetryPolicy { MaxRetryAfter = TimeSpan.FromSeconds(60) };

            Assert.Equal(TimeSpan.FromMilliseconds(1500), policy.DelayBefore(2, TimeSpan.FromMilliseconds(1500)));
            Assert.Equal(TimeSpan.Zero, policy.DelayBefore(2, TimeSpan.Zero));
            Assert.Equal(TimeSpan.FromSeconds(60), policy.DelayBefore(2, TimeSpan.FromHours(1)));
        }
    }

    /// <summary>Every SaeClientRetryTests test again, on the synchronous transport PowerShell 7 cmdlets use.</summary>
    public class SaeClientRetrySynchronousTests : SaeClientRetryTests
    {
        protected override bool Synchronous => true;
    }
}
