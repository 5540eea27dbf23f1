using System;
using System.Collections.Generic;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>One value offered by tab completion: the id and a short description (never a secret value).</summary>
    internal sealed class CompletionItem
    {
        public CompletionItem(string value, string? description)
        {
            Value = value;
            Description = string.IsNullOrEmpty(description) ? value : description!;
        }

        public string Value { get; }
        public string Description { get; }
    }

    /// <summary>
    /// What live completion looked up, by key, for <see cref="Lifetime"/> after it was stored (one cache per runspace).
    /// Only answers are stored, never failures: a key that could not be listed is tried again on the next Tab.
    /// </summary>
    internal sealed class CompletionCache
    {
        public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

        /// <summary>More keys than a person tabs through in a minute; beyond it the oldest goes.</summary>
        public const int MaxEntries = 64;

        private readonly Func<DateTime> _utcNow;
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);

        /// <param name="utcNow">The clock; DateTime.UtcNow when null (tests pass their own).</param>
        public CompletionCache(Func<DateTime>? utcNow = null, TimeSpan? lifetime = null)
        {
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
            Lifetime = lifetime ?? DefaultLifetime;
        }

        public TimeSpan Lifetime { get; }

        public int Count
        {
            get { lock (_entries) return _entries.Count; }
        }

        /// <summary>The items stored under the key less than <see cref="Lifetime"/> ago; an expired entry is dropped.</summary>
        public bool TryGet(string key, out IReadOnlyList<CompletionItem> items)
        {
            lock (_entries)
            {
                if (_entries.TryGetValue(key, out var entry))
                {
                    if (_utcNow() - entry.Stored < Lifetime)
                    {
                        items = entry.Items;
                        return true;
                    }
                    _entries.Remove(key);
                }
            }
            items = Array.Empty<CompletionItem>();
            return false;
        }

        public void Set(string key, IReadOnlyList<CompletionItem> items)
        {
            lock (_entries)
            {
                var now = _utcNow();
                if (!_entries.ContainsKey(key) && _entries.Count >= MaxEntries) DropOldest(now);
                _entries[key] = new Entry(now, items);
            }
        }

        /// <summary>Every expired entry, or else the oldest one.</summary>
        private void DropOldest(DateTime now)
        {
            string? oldest = null;
            var expired = new List<string>();
            foreach (var pair in _entries)
            {
                if (now - pair.Value.Stored >= Lifetime) expired.Add(pair.Key);
                if (oldest == null || pair.Value.Stored < _entries[oldest].Stored) oldest = pair.Key;
            }
            if (expired.Count == 0 && oldest != null) expired.Add(oldest);
            foreach (var key in expired) _entries.Remove(key);
        }

        private sealed class Entry
        {
            public Entry(DateTime stored, IReadOnlyList<CompletionItem> items)
            {
                Stored = stored;
                Items = items;
            }

            public DateTime Stored { get; }
            public IReadOnlyList<CompletionItem> Items { get; }
        }
    }
}
