using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// STS AssumeRoleWithOIDC with a token read from a file (RRSA in ACK pods rotates it, so it is read on every
    /// fetch).
    /// </summary>
    internal sealed class OidcRoleCredentialProvider : RefreshingCredentialProvider
    {
        public const string ChainName = "OIDC role (RRSA)";

        private readonly string _providerArn;
        private readonly string _tokenFile;
        private readonly RoleSessionParameters _role;
        private readonly string? _stsRegion;
        private readonly bool? _vpc;
        private readonly string _source;
        private readonly HttpClient? _http;

        public OidcRoleCredentialProvider(string providerArn, string tokenFile, RoleSessionParameters role, string? stsRegion, bool? vpc,
            string source, HttpClient? http = null)
        {
            _providerArn = providerArn;
            _tokenFile = tokenFile;
            _role = role;
            _stsRegion = stsRegion;
            _vpc = vpc;
            _source = source;
            _http = http;
        }

        public override string Name => _source;

        /// <summary>The chain's OIDC entry: ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN and _OIDC_TOKEN_FILE, all three.</summary>
        public static ICredentialProvider FromEnvironment()
        {
            var roleArn = CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.RoleArn);
            var providerArn = CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.OidcProviderArn);
            var tokenFile = CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.OidcTokenFile);
            if (roleArn == null || providerArn == null || tokenFile == null)
            {
                var missing = new List<string>();
                if (roleArn == null) missing.Add(CredentialEnvironmentVariables.RoleArn);
                if (providerArn == null) missing.Add(CredentialEnvironmentVariables.OidcProviderArn);
                if (tokenFile == null) missing.Add(CredentialEnvironmentVariables.OidcTokenFile);
                return new NotConfiguredCredentialProvider(ChainName, string.Join(", ", missing) + (missing.Count == 1 ? " is" : " are") + " not set");
            }
            var role = new RoleSessionParameters(roleArn, CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.RoleSessionName), null, null, null);
            return new OidcRoleCredentialProvider(providerArn, tokenFile, role, null, null, "OIDC role '" + roleArn + "'");
        }

        protected override string CreateCacheKey() =>
            string.Join("\n", "AssumeRoleWithOIDC", CredentialEndpoints.Sts(_stsRegion, _vpc).AbsoluteUri, _providerArn, _tokenFile, _role.Key, _source);

        protected override async Task<AlibabaCloudCredential> FetchAsync(CancellationToken cancellationToken)
        {
            var token = ReadToken();
            var sts = new StsClient(CredentialEndpoints.Sts(_stsRegion, _vpc), _http);
            return await sts.AssumeRoleWithOidcAsync(_providerArn, token, _role, _source, cancellationToken).ConfigureAwait(false);
        }

        private string ReadToken()
        {
            string token;
            try
            {
                token = File.ReadAllText(_tokenFile).Trim();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                var why = ex is FileNotFoundException || ex is DirectoryNotFoundException ? "does not exist" : "cannot be read: " + ex.Message.TrimEnd('.');
                throw new CredentialsException(ErrorIds.CredentialsInvalid, _source + ": the OIDC token file '" + _tokenFile + "' " + why + ".");
            }
            if (token.Length == 0)
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid, _source + ": the OIDC token file '" + _tokenFile + "' is empty.");
            }
            return token;
        }
    }
}
