using System;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET (+ optional ALIBABA_CLOUD_SECURITY_TOKEN).</summary>
    internal sealed class EnvironmentCredentialProvider : ICredentialProvider
    {
        public const string AccessKeyIdVariable = "ALIBABA_CLOUD_ACCESS_KEY_ID";
        public const string AccessKeySecretVariable = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
        public const string SecurityTokenVariable = "ALIBABA_CLOUD_SECURITY_TOKEN";

        public string Name => "environment variables";

        public Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken)
        {
            // Trimmed: a value read with Get-Content -Raw keeps its newline, which would only surface as SignatureDoesNotMatch.
            var id = CredentialEnvironmentVariables.Get(AccessKeyIdVariable);
            var secret = CredentialEnvironmentVariables.Get(AccessKeySecretVariable);
            if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(secret))
            {
                return Task.FromResult(CredentialLookup.NotFound(AccessKeyIdVariable + " and " + AccessKeySecretVariable + " are not set"));
            }
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid,
                    (string.IsNullOrEmpty(id) ? AccessKeyIdVariable : AccessKeySecretVariable) + " is empty or not set while " +
                    (string.IsNullOrEmpty(id) ? AccessKeySecretVariable : AccessKeyIdVariable) + " is set. Set both, or neither.");
            }
            var token = CredentialEnvironmentVariables.Get(SecurityTokenVariable);
            var source = string.IsNullOrEmpty(token) ? "environment variables" : "environment variables (STS token)";
            return Task.FromResult(CredentialLookup.Found(new AlibabaCloudCredential(id!, secret!, token, null, source)));
        }
    }
}
