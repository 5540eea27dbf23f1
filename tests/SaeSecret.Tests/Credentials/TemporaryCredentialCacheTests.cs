using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using Xunit;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Tests.Credentials
{
    [Collection("Environment")]
    public class TemporaryCredentialCacheTests : IDisposable
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        private int _fetches;

        public TemporaryCredentialCacheTests() => TemporaryCredentialCache.Clear();

        public void Dispose() => TemporaryCredentialCache.Clear();

        [Fact]
        public void An_hour_long_key_is_refreshed_three_minutes_before_it_expires()
        {
            Assert.Equal(T0.AddMinutes(57), TemporaryCredentialCache.RefreshTime(T0, T0.AddHours(1)));
        }

        [Theory]
        [InlineData(3, 2)]
        [InlineData(5, 3.333)]
        [InlineData(540, 360)]
        public void A_short_lived_key_is_refreshed_after_two_thirds_of_its_life(double lifetimeSeconds, double refreshAfterSeconds)
        {
            var refreshAt = TemporaryCredentialCache.RefreshTime(T0, T0.AddSeconds(lifetimeSeconds));

            Assert.InRange((refreshAt - T0).TotalSeconds, refreshAfterSeconds - 0.01, refreshAfterSeconds + 0.01);
        }

        [Fact]
        public void A_key_that_arrives_expired_is_fetched_again_after_a_fixed_while_not_on_every_call()
        {
            Assert.Equal(T0 + TemporaryCredentialCache.ExpiredKeyRefetchInterval, TemporaryCredentialCache.RefreshTime(T0, T0.AddSeconds(-5)));
            Assert.Equal(T0 + TemporaryCredentialCache.ExpiredKeyRefetchInterval, TemporaryCredentialCache.RefreshTime(T0, T0));
        }

        [Fact]
        public void A_key_with_moments_to_live_is_kept_at_least_the_minimum_reuse()
        {
            Assert.Equal(T0 + TemporaryCredentialCache.MinimumReuse, TemporaryCredentialCache.RefreshTime(T0, T0.AddMilliseconds(30)));
        }

        [Fact]
        public void A_key_without_expiration_is_kept_for_a_fixed_while()
        {
            Assert.Equal(T0 + TemporaryCredentialCache.LifetimeWithoutExpiration, TemporaryCredentialCache.RefreshTime(T0, null));
        }

        [Fact]
        public async Task A_fresh_key_is_fetched_once_and_then_served_from_the_cache()
        {
            for (int i = 0; i < 100; i++)
            {
                var credential = await TemporaryCredentialCache.GetAsync("test:once", Fetch(TimeSpan.FromHours(1)), CancellationToken.None);
                Assert.Equal("STS.cached-1", credential.AccessKeyId);
            }
            Assert.Equal(1, _fetches);
        }

        [Fact]
        public async Task Concurrent_callers_wait_for_one_fetch()
        {
            var gate = new TaskCompletionSource<bool>();
            Func<CancellationToken, Task<AlibabaCloudCredential>> slowFetch = async token =>
            {
                Interlocked.Increment(ref _fetches);
                await gate.Task;
                return Credential("STS.concurrent", DateTimeOffset.UtcNow.AddHours(1));
            };

            var callers = Enumerable.Range(0, 16)
                .Select(_ => Task.Run(() => TemporaryCredentialCache.GetAsync("test:concurrent", slowFetch, CancellationToken.None)))
                .ToArray();
            await Task.Delay(200);
            gate.SetResult(true);
            var results = await Task.WhenAll(callers);

            Assert.Equal(1, _fetches);
            Assert.All(results, c => Assert.Equal("STS.concurrent", c.AccessKeyId));
        }

        [Fact]
        public async Task A_key_is_fetched_again_once_its_refresh_time_passes()
        {
            var now = T0;
            TemporaryCredentialCache.Clock = () => now;
            try
            {
                Func<CancellationToken, Task<AlibabaCloudCredential>> fetch = _ =>
                    Task.FromResult(Credential("STS.cached-" + Interlocked.Increment(ref _fetches), now.AddSeconds(60)));
                var first = await TemporaryCredentialCache.GetAsync("test:refresh", fetch, CancellationToken.None);
                now = T0.AddSeconds(39);
                var cached = await TemporaryCredentialCache.GetAsync("test:refresh", fetch, CancellationToken.None);
                now = T0.AddSeconds(41); // past the refresh time (40 s: two thirds of a 60 s key)
                var second = await TemporaryCredentialCache.GetAsync("test:refresh", fetch, CancellationToken.None);

                Assert.Same(first, cached);
                Assert.Equal(2, _fetches);
                Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);
            }
            finally
            {
                TemporaryCredentialCache.Clock = () => DateTimeOffset.UtcNow;
            }
        }

        [Fact]
        public async Task Sources_are_cached_separately_by_key()
        {
            await TemporaryCredentialCache.GetAsync("test:a", Fetch(TimeSpan.FromHours(1)), CancellationToken.None);
            await TemporaryCredentialCache.GetAsync("test:b", Fetch(TimeSpan.FromHours(1)), CancellationToken.None);

            Assert.Equal(2, _fetches);
        }

        [Fact]
        public async Task Clear_forgets_every_cached_key()
        {
            await TemporaryCredentialCache.GetAsync("test:clear", Fetch(TimeSpan.FromHours(1)), CancellationToken.None);
            TemporaryCredentialCache.Clear();
            await TemporaryCredentialCache.GetAsync("test:clear", Fetch(TimeSpan.FromHours(1)), CancellationToken.None);

            Assert.Equal(2, _fetches);
        }

        [Fact]
        public async Task A_failed_fetch_is_not_cached()
        {
            await Assert.ThrowsAsync<CredentialsException>(() => TemporaryCredentialCache.GetAsync("test:fail",
                _ => throw new CredentialsException(ErrorIds.CredentialsSourceFailed, "STS said no"), CancellationToken.None));

            var credential = await TemporaryCredentialCache.GetAsync("test:fail", Fetch(TimeSpan.FromHours(1)), CancellationToken.None);

            Assert.Equal("STS.cached-1", credential.AccessKeyId);
        }

        [Fact]
        public async Task A_failed_refresh_keeps_using_a_key_that_still_has_a_while_to_live_then_reports_the_failure()
        {
            var now = T0;
            TemporaryCredentialCache.Clock = () => now;
            try
            {
                var fetches = 0;
                Func<CancellationToken, Task<AlibabaCloudCredential>> fetch = _ =>
                {
                    if (++fetches == 1) return Task.FromResult(Credential("STS.first", T0.AddSeconds(60)));
                    throw new CredentialsException(ErrorIds.CredentialsSourceFailed, "STS is down");
                };
                await TemporaryCredentialCache.GetAsync("test:stale", fetch, CancellationToken.None);

                now = T0.AddSeconds(45); // past the refresh time (40 s), 15 s before expiry
                var stale = await TemporaryCredentialCache.GetAsync("test:stale", fetch, CancellationToken.None);
                var again = await TemporaryCredentialCache.GetAsync("test:stale", fetch, CancellationToken.None);

                Assert.Equal("STS.first", stale.AccessKeyId);
                Assert.Same(stale, again);
                Assert.Equal(2, fetches); // the failed refresh is not retried on every call

                now = T0.AddSeconds(55); // 5 s to live: too close to keep using it
                var ex = await Assert.ThrowsAsync<CredentialsException>(() => TemporaryCredentialCache.GetAsync("test:stale", fetch, CancellationToken.None));
                Assert.Equal("STS is down", ex.Message);
            }
            finally
            {
                TemporaryCredentialCache.Clock = () => DateTimeOffset.UtcNow;
            }
        }

        private Func<CancellationToken, Task<AlibabaCloudCredential>> Fetch(TimeSpan lifetime) => _ =>
        {
            int n = Interlocked.Increment(ref _fetches);
            return Task.FromResult(Credential("STS.cached-" + n, DateTimeOffset.UtcNow + lifetime));
        };

        private static AlibabaCloudCredential Credential(string id, DateTimeOffset expiration) =>
            new AlibabaCloudCredential(id, "secret-" + id, "token-" + id, expiration, "unit test");
    }
}
