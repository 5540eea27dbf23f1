using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// A source of temporary credentials (STS, instance metadata, a URI, a process): fetched through
    /// <see cref="TemporaryCredentialCache"/>, so the process fetches once per source and refreshes before expiry.
    /// </summary>
    internal abstract class RefreshingCredentialProvider : IRenewableCredentialProvider
    {
        private string? _cacheKey;

        public abstract string Name { get; }

        /// <summary>Identifies the source to the process-wide cache; what other sources build on (e.g. AssumeRole).</summary>
        public string CacheKey => _cacheKey ?? (_cacheKey = CreateCacheKey());

        /// <summary>Everything that defines the source, joined; may throw for a bad endpoint setting.</summary>
        protected abstract string CreateCacheKey();

        /// <summary>Fetches a credential; throws <see cref="CredentialSourceUnavailableException"/> when the source is not there.</summary>
        protected abstract Task<AlibabaCloudCredential> FetchAsync(CancellationToken cancellationToken);

        public async Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken)
        {
            try
            {
                var credential = await TemporaryCredentialCache.GetAsync(CacheKey, FetchAsync, cancellationToken).ConfigureAwait(false);
                return CredentialLookup.Found(credential);
            }
            catch (CredentialSourceUnavailableException ex)
            {
                return CredentialLookup.NotFound(ex.Message);
            }
        }

        public bool Invalidate(AlibabaCloudCredential rejected)
        {
            TemporaryCredentialCache.Invalidate(CacheKey, rejected);
            return true;
        }
    }

    /// <summary>A chain entry whose configuration is absent (e.g. its variables are unset); says why.</summary>
    internal sealed class NotConfiguredCredentialProvider : ICredentialProvider
    {
        private readonly Task<CredentialLookup> _lookup;

        public NotConfiguredCredentialProvider(string name, string reason)
        {
            Name = name;
            _lookup = Task.FromResult(CredentialLookup.NotFound(reason));
        }

        public string Name { get; }

        public Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken) => _lookup;
    }
}
