using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>What an AssumeRole or AssumeRoleWithOIDC call asks for.</summary>
    internal sealed class RoleSessionParameters
    {
        public const string DefaultSessionName = "SaeSecret";
        public const int DefaultDurationSeconds = 3600;

        public RoleSessionParameters(string roleArn, string? sessionName, int? durationSeconds, string? policy, string? externalId)
        {
            RoleArn = roleArn;
            SessionName = string.IsNullOrWhiteSpace(sessionName) ? DefaultSessionName : sessionName!.Trim();
            DurationSeconds = durationSeconds.HasValue && durationSeconds.Value > 0 ? durationSeconds.Value : DefaultDurationSeconds;
            Policy = string.IsNullOrWhiteSpace(policy) ? null : policy;
            ExternalId = string.IsNullOrWhiteSpace(externalId) ? null : externalId;
        }

        public string RoleArn { get; }
        public string SessionName { get; }
        public int DurationSeconds { get; }
        public string? Policy { get; }
        public string? ExternalId { get; }

        public string Key => string.Join("\n", RoleArn, SessionName, DurationSeconds.ToString(CultureInfo.InvariantCulture), Policy, ExternalId);
    }

    /// <summary>STS (2015-04-01): AssumeRole signed with ACS3-HMAC-SHA256, AssumeRoleWithOIDC unsigned.</summary>
    internal sealed class StsClient
    {
        public const string ApiVersion = "2015-04-01";
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        private readonly HttpClient _http;

        public StsClient(Uri endpoint, HttpClient? http = null)
        {
            Endpoint = endpoint;
            _http = http ?? SharedHttp.Client;
        }

        public Uri Endpoint { get; }

        public async Task<AlibabaCloudCredential> AssumeRoleAsync(AlibabaCloudCredential caller, RoleSessionParameters role, string source, CancellationToken cancellationToken)
        {
            var query = new List<KeyValuePair<string, string>>
            {
                Pair("RoleArn", role.RoleArn),
                Pair("RoleSessionName", role.SessionName),
                Pair("DurationSeconds", role.DurationSeconds.ToString(CultureInfo.InvariantCulture)),
            };
            if (role.Policy != null) query.Add(Pair("Policy", role.Policy));
            if (role.ExternalId != null) query.Add(Pair("ExternalId", role.ExternalId));

            var url = new Uri(Endpoint, "/?" + Acs3Signer.CanonicalQueryString(query));
            var request = SignedRequest.Build(HttpMethod.Post, url, query, "AssumeRole", ApiVersion, null, null, Hex.EmptySha256, caller);
            return await SendAsync("AssumeRole", request, source, new[] { caller.AccessKeySecret, caller.SecurityToken }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<AlibabaCloudCredential> AssumeRoleWithOidcAsync(string oidcProviderArn, string oidcToken, RoleSessionParameters role, string source, CancellationToken cancellationToken)
        {
            var query = new[]
            {
                Pair("Action", "AssumeRoleWithOIDC"),
                Pair("Format", "JSON"),
                Pair("Version", ApiVersion),
                Pair("Timestamp", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            };
            var form = new List<KeyValuePair<string, string>>
            {
                Pair("RoleArn", role.RoleArn),
                Pair("OIDCProviderArn", oidcProviderArn),
                Pair("OIDCToken", oidcToken),
                Pair("RoleSessionName", role.SessionName),
                Pair("DurationSeconds", role.DurationSeconds.ToString(CultureInfo.InvariantCulture)),
            };
            if (role.Policy != null) form.Add(Pair("Policy", role.Policy));

            // The token is the proof, and it goes in the body: URLs end up in proxy and access logs.
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, "/?" + Acs3Signer.CanonicalQueryString(query)))
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Acs3Signer.CanonicalQueryString(form))),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            SignedRequest.AddCommonHeaders(request);
            return await SendAsync("AssumeRoleWithOIDC", request, source, new[] { oidcToken }, cancellationToken).ConfigureAwait(false);
        }

        private async Task<AlibabaCloudCredential> SendAsync(string action, HttpRequestMessage request, string source, string?[] secrets, CancellationToken cancellationToken)
        {
            var where = "STS " + action + " at " + Endpoint.GetLeftPart(UriPartial.Authority);
            CredentialHttpAnswer answer;
            try
            {
                answer = await CredentialHttp.SendAsync(_http, request, Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialHttpException ex)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, source + ": " + where + " failed: " + ex.Message + ".");
            }

            var body = TemporaryCredentialJson.TryParseObject(answer.Body);
            if (!answer.IsSuccess)
            {
                var code = TemporaryCredentialJson.String(body, "Code");
                var message = Redact(TemporaryCredentialJson.String(body, "Message"), secrets);
                var requestId = TemporaryCredentialJson.String(body, "RequestId");
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1} failed: {2}HTTP {3}{4}{5}.", source, where,
                    code == null ? (body == null ? "a body that is not JSON, " : string.Empty) : code + ", ", answer.Status,
                    string.IsNullOrEmpty(message) ? string.Empty : ": " + message!.TrimEnd('.'),
                    requestId == null ? string.Empty : ". RequestId: " + requestId));
            }
            var fields = body?["Credentials"] as Newtonsoft.Json.Linq.JObject;
            if (fields == null)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, source + ": " + where + " answered HTTP " +
                    answer.Status.ToString(CultureInfo.InvariantCulture) + " without a Credentials object.");
            }
            return TemporaryCredentialJson.Read(fields, source, source + ": " + where + " answered");
        }

        /// <summary>Service messages may echo parameters; make sure none of our secrets comes back out.</summary>
        private static string? Redact(string? message, string?[] secrets)
        {
            if (string.IsNullOrEmpty(message)) return message;
            var sb = new StringBuilder(message!);
            foreach (var secret in secrets)
            {
                if (!string.IsNullOrEmpty(secret)) sb.Replace(secret, "***");
            }
            return sb.ToString();
        }

        private static KeyValuePair<string, string> Pair(string name, string value) => new KeyValuePair<string, string>(name, value);
    }
}
