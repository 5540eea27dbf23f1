using System;
using System.Collections.Generic;
using System.Linq;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>
    /// Keys to set and keys to remove (a $null value), as JSON Merge Patch (RFC 7386) has it for a flat map; applied
    /// to a secret's stored data it gives the whole map to write.
    /// </summary>
    internal sealed class SecretDataPatch
    {
        private SecretDataPatch(EncodedSecretData? set, string[] remove)
        {
            Set = set;
            Remove = remove;
        }

        /// <summary>The keys given a value, encoded; null when the patch only removes.</summary>
        public EncodedSecretData? Set { get; }

        /// <summary>The keys given $null, sorted.</summary>
        public string[] Remove { get; }

        public static SecretDataPatch Encode(IEnumerable<KeyValuePair<string, object?>>? entries, bool base64Encoded)
        {
            if (entries == null)
            {
                throw new SaeInputException(ErrorIds.SecretDataEmpty,
                    "SecretData is null. Pass a hashtable of the keys to set (a $null value removes that key), e.g. @{ password = 'value' }.", "SecretData");
            }
            var values = new List<KeyValuePair<string, object?>>();
            var remove = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (entry.Value == null)
                {
                    SecretDataEncoder.ValidateKey(entry.Key);
                    remove.Add(entry.Key);
                }
                else
                {
                    values.Add(entry);
                }
            }
            if (values.Count == 0 && remove.Count == 0)
            {
                throw new SaeInputException(ErrorIds.SecretDataEmpty,
                    "SecretData has no keys: name at least one key to set or (with a $null value) to remove.", "SecretData");
            }
            var set = values.Count == 0 ? null : SecretDataEncoder.Encode(values, base64Encoded);
            if (set != null)
            {
                var both = set.Keys.FirstOrDefault(remove.Contains);
                if (both != null)
                {
                    throw new SaeInputException(ErrorIds.SecretDataKeyInvalid,
                        "SecretData has the key '" + both + "' twice. Keys must be unique.", "SecretData");
                }
            }
            return new SecretDataPatch(set, remove.ToArray());
        }

        /// <summary>The stored map (key → base64) with this patch applied: what an update must send.</summary>
        public EncodedSecretData ApplyTo(IDictionary<string, string> current)
        {
            var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in current)
            {
                if (Array.BinarySearch(Remove, pair.Key, StringComparer.Ordinal) < 0) merged[pair.Key] = pair.Value;
            }
            if (Set != null)
            {
                for (int i = 0; i < Set.Keys.Length; i++) merged[Set.Keys[i]] = Set.Base64Values[i];
            }
            if (merged.Count == 0)
            {
                throw new SaeInputException(ErrorIds.SecretDataEmpty,
                    "After the merge the secret would have no keys left; a secret needs at least one. Remove the secret instead (Remove-SaeSecret).", "SecretData");
            }
            try
            {
                return SecretDataEncoder.Encode(merged.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)), true);
            }
            catch (SaeInputException ex)
            {
                // A stored key or value the module would not send itself: say so, with the server's text made inert.
                throw new SaeInputException(ex.ErrorId,
                    "The secret's stored data cannot be written back as it is, so it cannot be merged: " + Http.ServerText.Inert(ex.Message), "SecretData");
            }
        }

        /// <summary>Key names only: "set: a, b; remove: c".</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (Set != null) parts.Add("set: " + string.Join(", ", Set.Keys));
            if (Remove.Length > 0) parts.Add("remove: " + string.Join(", ", Remove));
            return string.Join("; ", parts);
        }
    }
}
