using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// The RAM role attached to this ECS instance, from instance metadata: an IMDSv2 session token first, IMDSv1
    /// (no token) when the token request fails, unless ALIBABA_CLOUD_IMDSV1_DISABLED=true.
    /// </summary>
    internal sealed class EcsRamRoleCredentialProvider : RefreshingCredentialProvider
    {
        public const string ChainName = "ECS instance metadata";
        public const string TokenPath = "/latest/api/token";
        public const string RolesPath = "/latest/meta-data/ram/security-credentials/";
        public const string TokenTtlHeader = "X-aliyun-ecs-metadata-token-ttl-seconds";
        public const string TokenHeader = "X-aliyun-ecs-metadata-token";
        public const int TokenTtlSeconds = 21600;
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

        private readonly string? _roleName;
        private readonly bool _imdsV1Disabled;
        private readonly string? _source;
        private readonly HttpClient _http;

        /// <param name="roleName">The role; null to ask the metadata service which role is attached.</param>
        /// <param name="source">Names the winner; null for "ECS RAM role '&lt;role&gt;'".</param>
        public EcsRamRoleCredentialProvider(string? roleName, bool imdsV1Disabled, string? source, HttpClient? http = null)
        {
            _roleName = string.IsNullOrWhiteSpace(roleName) ? null : roleName!.Trim();
            _imdsV1Disabled = imdsV1Disabled;
            _source = source;
            _http = http ?? CredentialHttp.Direct;
        }

        public override string Name => _source ?? ChainName;

        /// <summary>The chain's metadata entry, unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true.</summary>
        public static ICredentialProvider FromEnvironment()
        {
            if (CredentialEnvironmentVariables.IsTrue(CredentialEnvironmentVariables.EcsMetadataDisabled))
            {
                return new NotConfiguredCredentialProvider(ChainName, CredentialEnvironmentVariables.EcsMetadataDisabled + " is true");
            }
            return new EcsRamRoleCredentialProvider(
                CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.EcsMetadataRoleName),
                CredentialEnvironmentVariables.IsTrue(CredentialEnvironmentVariables.ImdsV1Disabled),
                null);
        }

        protected override string CreateCacheKey() =>
            string.Join("\n", "EcsRamRole", CredentialEndpoints.EcsMetadata().AbsoluteUri, _roleName, _imdsV1Disabled ? "v2" : "v1", _source);

        protected override async Task<AlibabaCloudCredential> FetchAsync(CancellationToken cancellationToken)
        {
            var endpoint = CredentialEndpoints.EcsMetadata();
            var where = "instance metadata at " + endpoint.GetLeftPart(UriPartial.Authority);
            bool answered = false;

            string? token = null;
            string tokenFailure;
            try
            {
                var put = new HttpRequestMessage(HttpMethod.Put, new Uri(endpoint, TokenPath));
                put.Headers.TryAddWithoutValidation(TokenTtlHeader, TokenTtlSeconds.ToString(CultureInfo.InvariantCulture));
                var answer = await CredentialHttp.SendAsync(_http, put, Timeout, cancellationToken).ConfigureAwait(false);
                answered = true;
                token = answer.IsSuccess && !string.IsNullOrWhiteSpace(answer.Body) ? answer.Body.Trim() : null;
                tokenFailure = "HTTP " + answer.Status.ToString(CultureInfo.InvariantCulture);
            }
            catch (CredentialHttpException ex)
            {
                tokenFailure = ex.Message;
            }
            if (token == null && _imdsV1Disabled)
            {
                throw new CredentialSourceUnavailableException("the IMDSv2 token request to " + where + " failed (" + tokenFailure + ") and " +
                    CredentialEnvironmentVariables.ImdsV1Disabled + " is true");
            }

            var role = _roleName;
            if (role == null)
            {
                var list = await GetAsync(endpoint, RolesPath, token, where, answered, cancellationToken).ConfigureAwait(false);
                answered = true;
                if (list.Status == 404) throw new CredentialSourceUnavailableException("no RAM role is attached to this instance (" + where + ")");
                EnsureSuccess(list, where, "the role list");
                role = FirstLine(list.Body) ?? throw new CredentialSourceUnavailableException("no RAM role is attached to this instance (" + where + ")");
            }

            var source = _source ?? "ECS RAM role '" + role + "'";
            var credentials = await GetAsync(endpoint, RolesPath + AcsPercentEncoder.Encode(role), token, where, answered, cancellationToken).ConfigureAwait(false);
            if (credentials.Status == 404)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed,
                    source + ": " + where + " has no credentials for the role '" + role + "' (HTTP 404): is it attached to this instance?");
            }
            EnsureSuccess(credentials, where, "the credentials of the role '" + role + "'");
            var fields = TemporaryCredentialJson.TryParseObject(credentials.Body);
            var code = TemporaryCredentialJson.String(fields, "Code");
            if (fields == null || (code != null && !string.Equals(code, "Success", StringComparison.OrdinalIgnoreCase)))
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, source + ": " + where + " answered the credentials request " +
                    (fields == null ? "with a body that is not JSON." : "with Code '" + code + "'."));
            }
            return TemporaryCredentialJson.Read(fields, source, source + ": " + where + " answered");
        }

        private async Task<CredentialHttpAnswer> GetAsync(Uri endpoint, string path, string? token, string where, bool answeredBefore, CancellationToken cancellationToken)
        {
            var get = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, path));
            if (token != null) get.Headers.TryAddWithoutValidation(TokenHeader, token);
            try
            {
                return await CredentialHttp.SendAsync(_http, get, Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialHttpException ex) when (!answeredBefore)
            {
                // Nothing ever answered: this is not an ECS instance (or metadata is firewalled), so the chain moves on.
                throw new CredentialSourceUnavailableException(where + " is not reachable: " + ex.Message);
            }
            catch (CredentialHttpException ex)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, Name + ": " + where + " failed: " + ex.Message + ".");
            }
        }

        private void EnsureSuccess(CredentialHttpAnswer answer, string where, string what)
        {
            if (answer.IsSuccess) return;
            throw new CredentialsException(ErrorIds.CredentialsSourceFailed, string.Format(CultureInfo.InvariantCulture,
                "{0}: {1} refused {2} (HTTP {3}){4}.", Name, where, what, answer.Status,
                answer.Status == 401 || answer.Status == 403 ? "; it may require IMDSv2 tokens" : string.Empty));
        }

        private static string? FirstLine(string body)
        {
            foreach (var line in (body ?? string.Empty).Split('\n'))
            {
                var trimmed = line.Trim();
                if (trimmed.Length > 0) return trimmed;
            }
            return null;
        }
    }
}
