namespace SaeSecret
{
    /// <summary>
    /// Who the credentials are, as STS GetCallerIdentity answers: what Get-SaeCallerIdentity writes. Holds no secret: the
    /// AccessKeyId is masked, and CredentialSource names where the key came from, never what it is.
    /// </summary>
    public sealed class CallerIdentity
    {
        /// <summary>The Alibaba Cloud account (the owner of the RAM user or role).</summary>
        public string? AccountId { get; internal set; }

        /// <summary>Account, RAMUser or AssumedRoleUser (spelt so whatever case STS used); any other type as STS wrote it.</summary>
        public string? IdentityType { get; internal set; }

        /// <summary>acs:ram::&lt;account&gt;:root, :user/&lt;name&gt; or :assumed-role/&lt;role&gt;/&lt;session&gt;.</summary>
        public string? Arn { get; internal set; }

        public string? PrincipalId { get; internal set; }

        /// <summary>The RAM user's id (RAMUser), or the account's; null when STS did not send it.</summary>
        public string? UserId { get; internal set; }

        /// <summary>The role's id (AssumedRoleUser); null for other identities.</summary>
        public string? RoleId { get; internal set; }

        /// <summary>The AccessKeyId that signed the call, with all but at most its first 4 and last 3 characters masked.</summary>
        public string? AccessKeyId { get; internal set; }

        /// <summary>Where the key came from, in the words of the Debug line "Credentials: ...", e.g. "environment variables".</summary>
        public string? CredentialSource { get; internal set; }

        public string? RequestId { get; internal set; }

        public override string ToString() => Arn ?? (IdentityType + " " + PrincipalId);
    }
}
