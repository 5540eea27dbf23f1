using System;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>A source whose credential can be dropped and fetched anew, e.g. when the service says it has expired.</summary>
    internal interface IRenewableCredentialProvider : ICredentialProvider
    {
        /// <summary>
        /// Forgets <paramref name="rejected"/> if it is still the one in use, so the next lookup fetches a fresh one;
        /// false when this source cannot give another key (a fixed one).
        /// </summary>
        bool Invalidate(AlibabaCloudCredential rejected);
    }

    /// <summary>When a call should get a fresh temporary key and be sent once more.</summary>
    internal static class CredentialRenewal
    {
        /// <summary>
        /// InvalidSecurityToken.Expired and any other InvalidSecurityToken.*Expired* code: the STS key has run out
        /// (our clock may be behind, or the source handed out an old key), so a fresh one may well succeed.
        /// </summary>
        public static bool IsExpiredKeyError(string errorCode) =>
            errorCode != null &&
            errorCode.StartsWith("InvalidSecurityToken.", StringComparison.OrdinalIgnoreCase) &&
            errorCode.IndexOf("Expired", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>Drops <paramref name="rejected"/> from the provider; false when it cannot give another key.</summary>
        public static bool Invalidate(ICredentialProvider? provider, AlibabaCloudCredential rejected) =>
            provider is IRenewableCredentialProvider renewable && renewable.Invalidate(rejected);
    }
}
