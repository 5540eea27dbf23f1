using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// Asks each source in order and keeps the first that answers; remembers the winner so later calls in the
    /// same pipeline go straight to it (the winner does its own caching and refreshing).
    /// </summary>
    public sealed class CredentialChain : ICredentialProvider
    {
        private readonly IReadOnlyList<ICredentialProvider> _providers;
        private ICredentialProvider _winner;

        public CredentialChain(IReadOnlyList<ICredentialProvider> providers)
        {
            _providers = providers;
        }

        public string Name => "the default credential chain";

        /// <summary>The default chain; later sources are added here as they are implemented.</summary>
        /// <param name="profileName">A profile named by the user (-ProfileName); null for the default order.</param>
        public static CredentialChain CreateDefault(string profileName = null) =>
            new CredentialChain(new ICredentialProvider[] { new EnvironmentCredentialProvider() });

        public async Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken)
        {
            var winner = Volatile.Read(ref _winner);
            if (winner != null)
            {
                var again = await winner.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
                if (again.Credential != null) return again;
            }

            var reasons = new StringBuilder();
            foreach (var provider in _providers)
            {
                var lookup = await provider.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
                if (lookup.Credential != null)
                {
                    Volatile.Write(ref _winner, provider);
                    return lookup;
                }
                reasons.Append("\n  - ").Append(provider.Name).Append(": ").Append(lookup.Reason);
            }
            throw new CredentialsException(CredentialsException.NotFoundErrorId,
                "No Alibaba Cloud credentials were found. Sources tried, in order:" + reasons +
                "\nProvide them with -Credential (user name = AccessKeyId, password = AccessKeySecret; add -SecurityToken for STS keys), " +
                "or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS keys).");
        }
    }
}
