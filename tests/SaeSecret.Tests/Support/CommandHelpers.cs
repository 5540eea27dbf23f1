using System.Collections.Generic;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.Tests.Support
{
    /// <summary>What Set-SaeSecret and Get-SaeSecret use: the stored/desired comparison and the decoding of stored values.</summary>
    internal static class CommandHelpers
    {
        /// <summary>Set-SaeSecret's "Unchanged": no key to add, change or remove.</summary>
        public static bool SameData(IDictionary<string, string> stored, EncodedSecretData desired) => !SecretDataDiff.Between(stored, desired).HasChanges;

        public static Secret ToSecret(DescribedSecret described, bool asPlainText) => StoredSecretValues.ToSecret(described, asPlainText);
    }
}
