using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// Temporary credentials for the whole process, one slot per source (keyed by everything that defines the
    /// source), refreshed before they expire. One fetch per source at a time; concurrent callers (pipelines,
    /// runspaces) wait for it instead of fetching again.
    /// </summary>
    public static class TemporaryCredentialCache
    {
        /// <summary>Refresh this long before Expiration, as Alibaba's own credential libraries do.</summary>
        public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(3);

        /// <summary>How long credentials that carry no Expiration (e.g. from an External process) are reused.</summary>
        public static readonly TimeSpan LifetimeWithoutExpiration = TimeSpan.FromMinutes(15);

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
            if (lifetime <= TimeSpan.Zero) return fetchedAt;
            var early = TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, lifetime.Ticks / 3));
            return expiration.Value - early;
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

        private static bool CanStillUse(Entry cached, out DateTimeOffset retryAt)
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
            public Entry Current;
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
