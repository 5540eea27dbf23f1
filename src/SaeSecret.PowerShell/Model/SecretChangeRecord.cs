using System;

namespace SaeSecret
{
    /// <summary>
    /// Which keys a write added, changed or removed: names only, never values. Known wherever the cmdlet read the stored
    /// data (Set-SaeSecret, Update-SaeSecret -Merge, and an Update that read it for -Confirm or -RestartApplications);
    /// elsewhere <see cref="DataCompared"/> is false and the lists are empty.
    /// </summary>
    public abstract class SecretChangeRecord
    {
        /// <summary>Whether the stored data was compared with what was written.</summary>
        public bool DataCompared { get; private set; }

        /// <summary>Keys the write added, in ordinal order.</summary>
        public string[] Added { get; private set; } = Array.Empty<string>();

        /// <summary>Keys whose value the write changed, in ordinal order.</summary>
        public string[] Changed { get; private set; } = Array.Empty<string>();

        /// <summary>Keys the write removed, in ordinal order.</summary>
        public string[] Removed { get; private set; } = Array.Empty<string>();

        /// <summary>Keys left as they were.</summary>
        public int UnchangedCount { get; private set; }

        internal void RecordChanges(string[] added, string[] changed, string[] removed, int unchanged)
        {
            DataCompared = true;
            Added = Sorted(added);
            Changed = Sorted(changed);
            Removed = Sorted(removed);
            UnchangedCount = unchanged;
        }

        private static string[] Sorted(string[] keys)
        {
            var copy = (string[])keys.Clone();
            Array.Sort(copy, StringComparer.Ordinal);
            return copy;
        }
    }
}
