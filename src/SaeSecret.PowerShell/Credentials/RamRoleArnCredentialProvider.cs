using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>STS AssumeRole with the key from another source (a profile's AK, or a source profile).</summary>
    internal sealed class RamRoleArnCredentialProvider : RefreshingCredentialProvider
    {
        private readonly ICredentialProvider _caller;
        private readonly string _callerIdentity;
        private readonly RoleSessionParameters _role;
        private readonly string? _stsRegion;
        private readonly bool? _vpc;
        private readonly string _source;
        private readonly HttpClient? _http;

        /// <param name="callerIdentity">What defines the caller's key (see <see cref="IdentityOf"/>), for the cache key.</param>
        /// <param name="source">Names the winner in Debug output and errors, e.g. "aliyun CLI profile 'prod' (RamRoleArn)".</param>
        public RamRoleArnCredentialProvider(ICredentialProvider caller, string callerIdentity, RoleSessionParameters role,
            string? stsRegion, bool? vpc, string source, HttpClient? http = null)
        {
            _caller = caller;
            _callerIdentity = callerIdentity;
            _role = role;
            _stsRegion = stsRegion;
            _vpc = vpc;
            _source = source;
            _http = http;
        }

        public override string Name => _source;

        /// <summary>A long-term or STS key as a cache-key part: the id and a hash, never the secret itself.</summary>
        public static string IdentityOf(AlibabaCloudCredential credential) =>
            "key\n" + credential.AccessKeyId + "\n" + Hex.Sha256(credential.AccessKeySecret + "\n" + credential.SecurityToken);

        protected override string CreateCacheKey() =>
            string.Join("\n", "AssumeRole", CredentialEndpoints.Sts(_stsRegion, _vpc).AbsoluteUri, _callerIdentity, _role.Key, _source);

        protected override async Task<AlibabaCloudCredential> FetchAsync(CancellationToken cancellationToken)
        {
            var lookup = await _caller.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
            if (lookup.Credential == null)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed,
                    _source + ": the key to call AssumeRole with is missing (" + _caller.Name + ": " + lookup.Reason + ").");
            }
            var sts = new StsClient(CredentialEndpoints.Sts(_stsRegion, _vpc), _http);
            return await sts.AssumeRoleAsync(lookup.Credential, _role, _source, cancellationToken).ConfigureAwait(false);
        }
    }
}
