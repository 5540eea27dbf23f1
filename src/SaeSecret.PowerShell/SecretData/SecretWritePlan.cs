using System;
using System.Collections.Generic;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>The data a write asks for: a whole new map (replace), or keys to set and remove on the stored one (-Merge).</summary>
    internal sealed class DesiredSecretData
    {
        private DesiredSecretData(EncodedSecretData? replacement, SecretDataPatch? patch)
        {
            Replacement = replacement;
            Patch = patch;
        }

        public EncodedSecretData? Replacement { get; }
        public SecretDataPatch? Patch { get; }

        /// <summary>Encodes what the user gave: a patch with -Merge, else the whole map. Throws SaeInputException.</summary>
        public static DesiredSecretData From(List<KeyValuePair<string, object?>>? entries, bool merge, bool base64Encoded) =>
            merge
                ? new DesiredSecretData(null, SecretDataPatch.Encode(entries, base64Encoded))
                : new DesiredSecretData(SecretDataEncoder.Encode(entries, base64Encoded), null);

        /// <summary>What to write over the stored map (key → base64).</summary>
        public EncodedSecretData Over(IDictionary<string, string> stored) => Patch != null ? Patch.ApplyTo(stored) : Replacement!;

        /// <summary>What a new secret gets: the whole map, or the keys a patch sets (it has nothing to remove from).</summary>
        public EncodedSecretData ForNewSecret(string where, string secretName) =>
            Replacement ?? Patch!.Set ?? throw new SaeInputException(ErrorIds.SecretDataEmpty,
                "There is no secret '" + secretName + "' in " + where + " to remove keys from, and SecretData names no key to set, so there is nothing to create.",
                "SecretData");
    }

    /// <summary>What a write does to one secret.</summary>
    internal enum SecretWriteKind
    {
        /// <summary>No secret of that name: CreateSecret.</summary>
        Create,

        /// <summary>The stored data already is the desired data: nothing is written.</summary>
        Unchanged,

        /// <summary>UpdateSecret with the whole desired map.</summary>
        Update,

        /// <summary>A present secret of another type: SAE cannot change a type, nothing is written.</summary>
        TypeMismatch,
    }

    /// <summary>
    /// The decision for one secret write, made without I/O from what the cmdlet read: create, leave unchanged, update or
    /// refuse a type change; the data to send and the key-by-key difference (names only). The What-if text of every
    /// secret write is made here.
    /// </summary>
    internal sealed class SecretWritePlan
    {
        private SecretWritePlan(SecretWriteKind kind, EncodedSecretData? data, SecretDataDiff? diff, string? presentType)
        {
            Kind = kind;
            Data = data;
            Diff = diff;
            PresentType = presentType;
        }

        public SecretWriteKind Kind { get; }

        /// <summary>The whole map to send; null for Unchanged and TypeMismatch.</summary>
        public EncodedSecretData? Data { get; }

        /// <summary>Key by key against the stored data; null when the stored data was not read.</summary>
        public SecretDataDiff? Diff { get; }

        /// <summary>The type of the present secret, for a TypeMismatch.</summary>
        public string? PresentType { get; }

        /// <summary>Whether the write changes the stored data (always assumed when it was not compared).</summary>
        public bool Changes => Kind == SecretWriteKind.Create || (Kind == SecretWriteKind.Update && (Diff == null || Diff.HasChanges));

        /// <param name="type">The type the secret must have (checked against the present one, and its required keys); null: any.</param>
        /// <param name="desired">The data asked for.</param>
        /// <param name="presentType">The present secret's type; null when there is none (create).</param>
        /// <param name="stored">The stored data (key → base64); null when it was not read (the data is then written as given).</param>
        /// <param name="writeWhenUnchanged">Update even when nothing differs (Update-SaeSecret always writes what it is asked to).</param>
        /// <param name="where">The namespace, and the secret's name, for messages.</param>
        public static SecretWritePlan Decide(string? type, DesiredSecretData desired, bool present, string? presentType,
            IDictionary<string, string>? stored, bool writeWhenUnchanged, string where, string? secretName)
        {
            if (desired == null) throw new ArgumentNullException(nameof(desired));
            if (!present)
            {
                var data = desired.ForNewSecret(where, secretName ?? string.Empty);
                if (type != null) SecretRules.CheckRequiredKeys(type, data.Keys);
                return new SecretWritePlan(SecretWriteKind.Create, data, SecretDataDiff.Creating(data), null);
            }
            if (type != null && !string.Equals(presentType, type, StringComparison.Ordinal))
            {
                return new SecretWritePlan(SecretWriteKind.TypeMismatch, null, null, presentType);
            }
            if (stored == null)
            {
                var data = desired.Replacement ?? throw new InvalidOperationException("A merge needs the stored data.");
                if (type != null) SecretRules.CheckRequiredKeys(type, data.Keys);
                return new SecretWritePlan(SecretWriteKind.Update, data, null, presentType);
            }
            var desiredData = desired.Over(stored);
            if (type != null) SecretRules.CheckRequiredKeys(type, desiredData.Keys);
            var diff = SecretDataDiff.Between(stored, desiredData);
            return diff.HasChanges || writeWhenUnchanged
                ? new SecretWritePlan(SecretWriteKind.Update, desiredData, diff, presentType)
                : new SecretWritePlan(SecretWriteKind.Unchanged, null, diff, presentType);
        }

        /// <summary>The SecretTypeMismatch refusal of a TypeMismatch plan.</summary>
        public SaeInputException TypeMismatchError(string where, string secretName, string type) =>
            new SaeInputException(ErrorIds.SecretTypeMismatch,
                "The secret '" + secretName + "' in " + where + " is of type " + PresentType + ", not " + type +
                ". SAE cannot change a secret's type: pass -SecretType " + PresentType + ", or remove the secret and create it again.", "SecretType");

        /// <summary>The -WhatIf / -Confirm text; <paramref name="notRead"/> says why the stored data is not compared.</summary>
        public string WhatIf(string? type, string? notRead = null)
        {
            switch (Kind)
            {
                case SecretWriteKind.Create:
                    return "Create the secret as " + type + " (" + Diff + ")";
                case SecretWriteKind.Update when Diff != null:
                    return "Update the secret's data (" + Diff + ")";
                case SecretWriteKind.Update:
                    return "Replace the secret's data with " + KeyList(Data!) + (notRead == null ? string.Empty : " (the current data could not be read: " + notRead + ")");
                default:
                    return Kind.ToString();
            }
        }

        /// <summary>"keys: a, b": the key names of a map, for What-if and Verbose.</summary>
        public static string KeyList(EncodedSecretData data) => "keys: " + string.Join(", ", data.Keys);
    }
}
