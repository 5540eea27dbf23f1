using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// A chain entry backed by a profile file: reads the file once per chain (per pipeline) on first use, and
    /// then asks the provider the selected profile describes. A profile that is configured must deliver.
    /// </summary>
    internal abstract class ProfileFileCredentialProvider : IRenewableCredentialProvider
    {
        private Resolution? _resolution;

        public abstract string Name { get; }

        /// <summary>Reads the file and picks the profile; throws <see cref="CredentialsException"/> when it is malformed.</summary>
        protected abstract Resolution Resolve();

        public async Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken)
        {
            var resolution = Volatile.Read(ref _resolution);
            if (resolution == null)
            {
                resolution = Resolve();
                Volatile.Write(ref _resolution, resolution);
            }
            if (resolution.Provider == null) return CredentialLookup.NotFound(resolution.Reason!);

            var lookup = await resolution.Provider.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
            if (lookup.Credential == null)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, resolution.Provider.Name + ": " + lookup.Reason + ".");
            }
            return lookup;
        }

        public bool Invalidate(AlibabaCloudCredential rejected) => CredentialRenewal.Invalidate(Volatile.Read(ref _resolution)?.Provider, rejected);

        /// <summary>The selected profile's provider, or why there is none.</summary>
        protected sealed class Resolution
        {
            private Resolution(ICredentialProvider? provider, string? reason)
            {
                Provider = provider;
                Reason = reason;
            }

            public ICredentialProvider? Provider { get; }
            public string? Reason { get; }

            public static Resolution Found(ICredentialProvider provider) => new Resolution(provider, null);
            public static Resolution NotFound(string reason) => new Resolution(null, reason);
        }
    }

    /// <summary>A profile's provider and what defines it, so role providers built on it get a stable cache key.</summary>
    internal sealed class ProfileSource
    {
        public ProfileSource(ICredentialProvider provider, string identity)
        {
            Provider = provider;
            Identity = identity;
        }

        public ICredentialProvider Provider { get; }
        public string Identity { get; }

        public static ProfileSource Static(AlibabaCloudCredential credential) =>
            new ProfileSource(new StaticCredentialProvider(credential), RamRoleArnCredentialProvider.IdentityOf(credential));

        public static ProfileSource Refreshing(RefreshingCredentialProvider provider) => new ProfileSource(provider, provider.CacheKey);
    }
}
