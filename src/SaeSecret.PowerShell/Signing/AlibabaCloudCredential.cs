using System;

namespace SaeSecret.PowerShell.Signing
{
    /// <summary>
    /// An access key (long-term or STS). The secret and token are internal and never part of ToString, so the
    /// object can be logged or shown without leaking them.
    /// </summary>
    internal sealed class AlibabaCloudCredential
    {
        public AlibabaCloudCredential(string accessKeyId, string accessKeySecret, string? securityToken, DateTimeOffset? expiration, string source)
        {
            if (string.IsNullOrEmpty(accessKeyId)) throw new ArgumentException("AccessKeyId is empty.", nameof(accessKeyId));
            if (string.IsNullOrEmpty(accessKeySecret)) throw new ArgumentException("AccessKeySecret is empty.", nameof(accessKeySecret));
            // Every source builds its key here, so one check stops CR/LF from injecting headers into any signed request.
            RejectControlCharacters(accessKeyId, "AccessKeyId", source);
            RejectControlCharacters(accessKeySecret, "AccessKeySecret", source);
            RejectControlCharacters(securityToken, "SecurityToken", source);
            AccessKeyId = accessKeyId;
            AccessKeySecret = accessKeySecret;
            SecurityToken = string.IsNullOrEmpty(securityToken) ? null : securityToken;
            Expiration = expiration;
            Source = source;
        }

        public string AccessKeyId { get; }
        internal string AccessKeySecret { get; }
        internal string? SecurityToken { get; }
        public DateTimeOffset? Expiration { get; }

        /// <summary>Where the key came from, for Debug output: e.g. "environment variables".</summary>
        public string Source { get; }

        public bool IsTemporary => SecurityToken != null;

        /// <summary>AccessKeyId with all but the first four and last three characters masked.</summary>
        public string MaskedAccessKeyId =>
            AccessKeyId.Length <= 8 ? new string('*', AccessKeyId.Length) : AccessKeyId.Substring(0, 4) + new string('*', AccessKeyId.Length - 7) + AccessKeyId.Substring(AccessKeyId.Length - 3);

        public override string ToString() => "AccessKeyId " + MaskedAccessKeyId + " from " + Source;

        /// <summary>C0, DEL and C1 characters: none belongs in a key, and CR/LF would end the header they are sent in.</summary>
        private static void RejectControlCharacters(string? value, string field, string source)
        {
            if (value == null) return;
            foreach (var c in value)
            {
                if (!char.IsControl(c)) continue;
                throw new CredentialsException(ErrorIds.CredentialsInvalid,
                    source + ": the " + field + " contains a control character (such as a line break), so it cannot be sent; " +
                    "check the value where it is configured (it is not shown here).");
            }
        }
    }
}
