using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>What writing a map would do to a secret's stored data, key by key: names only, never values.</summary>
    internal sealed class SecretDataDiff
    {
        private SecretDataDiff(string[] add, string[] change, string[] remove, int unchanged)
        {
            Add = add;
            Change = change;
            Remove = remove;
            Unchanged = unchanged;
        }

        public string[] Add { get; }
        public string[] Change { get; }
        public string[] Remove { get; }
        public int Unchanged { get; }

        public bool HasChanges => Add.Length + Change.Length + Remove.Length > 0;

        /// <param name="current">Key → base64 as stored.</param>
        public static SecretDataDiff Between(IDictionary<string, string> current, EncodedSecretData desired)
        {
            var add = new List<string>();
            var change = new List<string>();
            int unchanged = 0;
            for (int i = 0; i < desired.Keys.Length; i++)
            {
                var key = desired.Keys[i];
                if (!current.TryGetValue(key, out var stored)) add.Add(key);
                else if (SameBytes(stored, desired.Base64Values[i])) unchanged++;
                else change.Add(key);
            }
            var remove = current.Keys.Where(k => Array.BinarySearch(desired.Keys, k, StringComparer.Ordinal) < 0).OrderBy(k => k, StringComparer.Ordinal).ToArray();
            return new SecretDataDiff(add.ToArray(), change.ToArray(), remove, unchanged);
        }

        /// <summary>The data of a secret that does not exist yet: every key is added.</summary>
        public static SecretDataDiff Creating(EncodedSecretData desired) =>
            new SecretDataDiff(desired.Keys, Array.Empty<string>(), Array.Empty<string>(), 0);

        /// <summary>"add: a, b; change: c; remove: d; unchanged: 2", groups in that order, empty ones left out.</summary>
        public override string ToString()
        {
            var parts = new List<string>(4);
            if (Add.Length > 0) parts.Add("add: " + string.Join(", ", Add));
            if (Change.Length > 0) parts.Add("change: " + string.Join(", ", Change));
            if (Remove.Length > 0) parts.Add("remove: " + string.Join(", ", Remove));
            if (Unchanged > 0) parts.Add("unchanged: " + Unchanged.ToString(CultureInfo.InvariantCulture));
            return string.Join("; ", parts);
        }

        /// <summary>Same bytes: base64 compared decoded, so padding or line breaks in what is stored do not count.</summary>
        internal static bool SameBytes(string stored, string desired)
        {
            if (string.Equals(stored, desired, StringComparison.Ordinal)) return true;
            var storedBytes = Decode(stored);
            return storedBytes != null && storedBytes.SequenceEqual(Convert.FromBase64String(desired));
        }

        /// <summary>Base64 as a server may store it: padding optional, white space ignored; null when it is not base64.</summary>
        private static byte[]? Decode(string text)
        {
            var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).TrimEnd('=');
            try
            {
                return Convert.FromBase64String(compact.PadRight(compact.Length + (4 - compact.Length % 4) % 4, '='));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
