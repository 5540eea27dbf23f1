using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// Asks each source in order and keeps the first that answers; remembers the winner so later calls in the
    /// same pipeline go straight to it (the winner does its own caching and refreshing).
    /// </summary>
    internal sealed class CredentialChain : IRenewableCredentialProvider
    {
        private readonly IReadOnlyList<ICredentialProvider> _providers;
        private readonly Action? _precondition;
        private readonly int _preconditionBefore;
        private ICredentialProvider? _winner;

        public CredentialChain(IReadOnlyList<ICredentialProvider> providers)
            : this(providers, "the default credential chain", null, 0)
        {
        }

        /// <param name="precondition">
        /// Checked just before the provider at <paramref name="preconditionBefore"/> is asked, e.g. that a named profile
        /// exists; throws when not. Sources before it (the environment) still win without it.
        /// </param>
        private CredentialChain(IReadOnlyList<ICredentialProvider> providers, string name, Action? precondition, int preconditionBefore)
        {
            _providers = providers;
            Name = name;
            _precondition = precondition;
            _preconditionBefore = preconditionBefore;
        }

        public string Name { get; }

        /// <summary>
        /// The default chain: environment, OIDC (RRSA), aliyun CLI config, credentials file, ECS instance metadata,
        /// ALIBABA_CLOUD_CREDENTIALS_URI. A profile named by ALIBABA_CLOUD_PROFILE is used by the two profile files
        /// and must exist in one of them.
        /// </summary>
        /// <param name="profileName">
        /// A profile named by the user (-ProfileName): then only that profile is used, from the aliyun CLI config or
        /// else the credentials file, and it must exist; null for the default order.
        /// </param>
        public static CredentialChain CreateDefault(string? profileName = null)
        {
            if (!string.IsNullOrWhiteSpace(profileName))
            {
                var named = profileName!.Trim();
                return new CredentialChain(
                    new ICredentialProvider[] { new AliyunCliProfileProvider(named), new CredentialsFileProvider(named) },
                    "the profile '" + named + "' (-ProfileName)",
                    () => EnsureProfileExists(named, "-ProfileName"), 0);
            }

            var fromEnvironment = CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.Profile);
            return new CredentialChain(
                new[]
                {
                    new EnvironmentCredentialProvider(),
                    OidcRoleCredentialProvider.FromEnvironment(),
                    new AliyunCliProfileProvider(fromEnvironment),
                    new CredentialsFileProvider(fromEnvironment),
                    EcsRamRoleCredentialProvider.FromEnvironment(),
                    CredentialsUriCredentialProvider.FromEnvironment(),
                },
                "the default credential chain",
                fromEnvironment == null ? (Action?)null : () => EnsureProfileExists(fromEnvironment, CredentialEnvironmentVariables.Profile),
                preconditionBefore: 2);
        }

        public async Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken)
        {
            var winner = Volatile.Read(ref _winner);
            if (winner != null)
            {
                var again = await winner.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
                if (again.Credential != null) return again;
            }

            var reasons = new StringBuilder();
            for (int i = 0; i < _providers.Count; i++)
            {
                if (i == _preconditionBefore) _precondition?.Invoke();
                var provider = _providers[i];
                var lookup = await provider.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
                if (lookup.Credential != null)
                {
                    Volatile.Write(ref _winner, provider);
                    return lookup;
                }
                reasons.Append("\n  - ").Append(provider.Name).Append(": ").Append(lookup.Reason);
            }
            throw new CredentialsException(ErrorIds.CredentialsNotFound,
                "No Alibaba Cloud credentials were found. Sources tried, in order:" + reasons +
                "\nProvide them with -Credential (user name = AccessKeyId, password = AccessKeySecret; add -SecurityToken for STS keys), " +
                "or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS keys), " +
                "or configure a profile with 'aliyun configure'.");
        }

        /// <summary>The winner decides: only a source of temporary keys can give another.</summary>
        public bool Invalidate(AlibabaCloudCredential rejected) => CredentialRenewal.Invalidate(Volatile.Read(ref _winner), rejected);

        /// <summary>A named profile must exist in a profile file: falling back to another profile would use the wrong account.</summary>
        private static void EnsureProfileExists(string name, string namedBy)
        {
            var lookedIn = new List<string>();
            if (CredentialEnvironmentVariables.IsTrue(CredentialEnvironmentVariables.CliProfileDisabled))
            {
                lookedIn.Add("(the aliyun CLI config is skipped: " + CredentialEnvironmentVariables.CliProfileDisabled + " is true)");
            }
            else
            {
                var cliPath = AliyunCliConfig.PathInUse();
                if (File.Exists(cliPath))
                {
                    if (AliyunCliConfig.Load(cliPath).FindProfile(name) != null) return;
                    lookedIn.Add("the aliyun CLI config file '" + cliPath + "'");
                }
                else
                {
                    lookedIn.Add("the aliyun CLI config file '" + cliPath + "' (it does not exist)");
                }
            }

            var iniPath = CredentialsFileProvider.Locate(out var candidates);
            if (iniPath != null)
            {
                if (IniFile.Load(iniPath).Section(name) != null) return;
                lookedIn.Add("the credentials file '" + iniPath + "'");
            }
            else
            {
                lookedIn.Add("the credentials file '" + string.Join("' or '", candidates) + "' (it does not exist)");
            }

            throw new CredentialsException(ErrorIds.CredentialsProfileNotFound,
                "The profile '" + name + "' (from " + namedBy + ") was not found. Looked in: " + string.Join("; ", lookedIn) +
                ". Check the name, or create the profile with 'aliyun configure --profile " + name + "'.");
        }
    }
}
