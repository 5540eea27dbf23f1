using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// Temporary credentials for the whole process, one slot per source (keyed by everything that defines the
    /// source), refreshed before they expire. One fetch per source at a time; concurrent callers (pipelines,
    /// runspaces) wait for it instead of fetching again.
    /// </summary>
    internal static class TemporaryCredentialCache
    {
        /// <summary>Refresh this long before Expiration, as Alibaba's own credential libraries do.</summary>
        public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(3);

        /// <summary>How long credentials that carry no Expiration (e.g. from an External process) are reused.</summary>
        public static readonly TimeSpan LifetimeWithoutExpiration = TimeSpan.FromMinutes(15);

        /// <summary>How long a key that arrives already expired (by our clock) is used before it is fetched again.</summary>
        public static readonly TimeSpan ExpiredKeyRefetchInterval = TimeSpan.FromSeconds(10);

        /// <summary>No key is fetched again sooner than this after it arrived.</summary>
        public static readonly TimeSpan MinimumReuse = TimeSpan.FromSeconds(1);

        /// <summary>A failed refresh may fall back on the old key only while it has at least this long to live.</summary>
        private static readonly TimeSpan StaleReuseMinimum = TimeSpan.FromSeconds(10);

        /// <summary>The time now; tests move it.</summary>
        internal static Func<DateTimeOffset> Clock = () => DateTimeOffset.UtcNow;

        private static readonly ConcurrentDictionary<string, Slot> Slots = new ConcurrentDictionary<string, Slot>(StringComparer.Ordinal);

        /// <summary>
        /// Forgets every cached temporary credential, so the next call fetches afresh. Meant for tests; in normal
        /// use the cache refreshes on its own.
        /// </summary>
        public static void Clear() => Slots.Clear();

        /// <summary>Number of sources with a cached credential (for tests).</summary>
        public static int Count => Slots.Count;

        /// <summary>
        /// When a credential fetched at <paramref name="fetchedAt"/> should be fetched again: RefreshMargin before
        /// it expires, but for short lifetimes after two thirds of it, so a 5 s key is not fetched on every call.
        /// </summary>
        public static DateTimeOffset RefreshTime(DateTimeOffset fetchedAt, DateTimeOffset? expiration)
        {
            if (expiration == null) return fetchedAt + LifetimeWithoutExpiration;
            var lifetime = expiration.Value - fetchedAt;
            // Expired on arrival (clock skew, an old key from the source): use it, fetch again at most every 10 s; the service's InvalidSecurityToken.Expired drops it sooner.
            if (lifetime <= TimeSpan.Zero) return fetchedAt + ExpiredKeyRefetchInterval;
            var early = TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, lifetime.Ticks / 3));
            var refreshAt = expiration.Value - early;
            return refreshAt < fetchedAt + MinimumReuse ? fetchedAt + MinimumReuse : refreshAt;
        }

        /// <summary>
        /// Forgets <paramref name="rejected"/> (the service said it has expired) if it is still the cached key of this
        /// source, so the next call fetches; a fresher key another caller already fetched is kept.
        /// </summary>
        internal static void Invalidate(string key, AlibabaCloudCredential rejected)
        {
            if (!Slots.TryGetValue(key, out var slot)) return;
            var cached = Volatile.Read(ref slot.Current);
            if (cached != null && ReferenceEquals(cached.Credential, rejected))
            {
                Interlocked.CompareExchange(ref slot.Current, null, cached);
            }
        }

        internal static async Task<AlibabaCloudCredential> GetAsync(string key, Func<CancellationToken, Task<AlibabaCloudCredential>> fetch, CancellationToken cancellationToken)
        {
            var slot = Slots.GetOrAdd(key, _ => new Slot());
            var cached = Volatile.Read(ref slot.Current);
            if (cached != null && Clock() < cached.RefreshAt) return cached.Credential;

            await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                cached = Volatile.Read(ref slot.Current);
                if (cached != null && Clock() < cached.RefreshAt) return cached.Credential;

                AlibabaCloudCredential fresh;
                try
                {
                    fresh = await fetch(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) && CanStillUse(cached, out var retryAt))
                {
                    // STS or metadata hiccuped while the old key still has a while to live: use it, try again later.
                    Volatile.Write(ref slot.Current, new Entry(cached.Credential, retryAt));
                    return cached.Credential;
                }
                Volatile.Write(ref slot.Current, new Entry(fresh, RefreshTime(Clock(), fresh.Expiration)));
                return fresh;
            }
            finally
            {
                slot.Gate.Release();
            }
        }

        private static bool CanStillUse([NotNullWhen(true)] Entry? cached, out DateTimeOffset retryAt)
        {
            retryAt = default;
            if (cached?.Credential.Expiration == null) return false;
            var now = Clock();
            var left = cached.Credential.Expiration.Value - now;
            if (left < StaleReuseMinimum) return false;
            retryAt = now + TimeSpan.FromTicks(left.Ticks / 2);
            return true;
        }

        private sealed class Slot
        {
            public readonly SemaphoreSlim Gate = new SemaphoreSlim(1, 1);
            public Entry? Current;
        }

        private sealed class Entry
        {
            public Entry(AlibabaCloudCredential credential, DateTimeOffset refreshAt)
            {
                Credential = credential;
                RefreshAt = refreshAt;
            }

            public AlibabaCloudCredential Credential { get; }
            public DateTimeOffset RefreshAt { get; }
        }
    }
}
