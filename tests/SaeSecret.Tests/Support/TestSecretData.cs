using System.Collections.Generic;
using System.Linq;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.Tests.Support
{
    internal static class TestSecretData
    {
        /// <summary>SecretData encoded from plain-text values (not base64 already), in the order given.</summary>
        public static EncodedSecretData Plain(params (string Key, string Value)[] pairs) =>
            SecretDataEncoder.Encode(pairs.Select(p => new KeyValuePair<string, object>(p.Key, p.Value)), false);
    }
}
