using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>A key given directly, e.g. by -Credential.</summary>
    internal sealed class StaticCredentialProvider : ICredentialProvider
    {
        private readonly Task<CredentialLookup> _lookup;

        public StaticCredentialProvider(AlibabaCloudCredential credential)
        {
            Name = credential.Source;
            _lookup = Task.FromResult(CredentialLookup.Found(credential));
        }

        public string Name { get; }

        public Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken) => _lookup;
    }
}
