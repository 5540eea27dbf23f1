using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// One place credentials can come from. A source that is simply not configured returns null and says why
    /// in <see cref="CredentialLookup.Reason"/>; a source that is configured but broken throws
    /// <see cref="CredentialsException"/>.
    /// </summary>
    internal interface ICredentialProvider
    {
        /// <summary>The source, as Debug output and "not found" errors name it.</summary>
        string Name { get; }

        Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken);
    }

    /// <summary>A provider's answer: a credential, or why there is none.</summary>
    internal sealed class CredentialLookup
    {
        private CredentialLookup(AlibabaCloudCredential? credential, string? reason)
        {
            Credential = credential;
            Reason = reason;
        }

        public AlibabaCloudCredential? Credential { get; }
        public string? Reason { get; }

        public static CredentialLookup Found(AlibabaCloudCredential credential) => new CredentialLookup(credential, null);
        public static CredentialLookup NotFound(string reason) => new CredentialLookup(null, reason);
    }
}
