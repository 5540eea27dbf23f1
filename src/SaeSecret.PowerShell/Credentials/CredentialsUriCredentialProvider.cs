using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>GET a URI that answers like instance metadata: {"Code":"Success","AccessKeyId",…,"Expiration"}.</summary>
    internal sealed class CredentialsUriCredentialProvider : RefreshingCredentialProvider
    {
        public const string ChainName = "credentials URI";
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        private readonly string _uriText;
        private readonly string _setting;
        private readonly string? _source;
        private readonly HttpClient _http;

        /// <param name="setting">Where the URI was configured, for errors: e.g. "ALIBABA_CLOUD_CREDENTIALS_URI".</param>
        /// <param name="source">Names the winner; null for "credentials URI '&lt;scheme://host/path&gt;'".</param>
        public CredentialsUriCredentialProvider(string uri, string setting, string? source, HttpClient? http = null)
        {
            _uriText = uri;
            _setting = setting;
            _source = source;
            _http = http ?? Http.SharedHttp.Client;
        }

        public override string Name => _source ?? ChainName;

        public static ICredentialProvider FromEnvironment()
        {
            var uri = CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.CredentialsUri);
            return uri == null
                ? new NotConfiguredCredentialProvider(ChainName, CredentialEnvironmentVariables.CredentialsUri + " is not set")
                : new CredentialsUriCredentialProvider(uri, CredentialEnvironmentVariables.CredentialsUri, null);
        }

        protected override string CreateCacheKey() => string.Join("\n", "CredentialsUri", _uriText, _source);

        protected override async Task<AlibabaCloudCredential> FetchAsync(CancellationToken cancellationToken)
        {
            // Plain http only to this machine, like every other endpoint: the answer is a key.
            if (!Uri.TryCreate(_uriText, UriKind.Absolute, out var uri) ||
                !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && Http.ProxyPolicy.IsLoopback(uri))))
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid, (_source ?? ChainName) + ": " + _setting +
                    " is not an https:// URL (plain http:// is accepted only on a loopback address such as http://127.0.0.1:8080).");
            }
            var source = _source ?? "credentials URI '" + CredentialEndpoints.Printable(uri) + "'";
            var where = "the credentials URI " + CredentialEndpoints.Printable(uri);

            CredentialHttpAnswer answer;
            try
            {
                answer = await CredentialHttp.SendAsync(_http, new HttpRequestMessage(HttpMethod.Get, uri), Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialHttpException ex)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, source + ": " + where + " failed: " + ex.Message + ".");
            }
            if (!answer.IsSuccess)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed,
                    source + ": " + where + " answered HTTP " + answer.Status.ToString(CultureInfo.InvariantCulture) + ".");
            }
            var fields = TemporaryCredentialJson.TryParseObject(answer.Body);
            var code = TemporaryCredentialJson.String(fields, "Code");
            if (fields == null || (code != null && !string.Equals(code, "Success", StringComparison.OrdinalIgnoreCase)))
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, source + ": " + where + " answered " +
                    (fields == null ? "with a body that is not JSON." : "with Code '" + code + "'."));
            }
            return TemporaryCredentialJson.Read(fields, source, source + ": " + where + " answered");
        }
    }
}
