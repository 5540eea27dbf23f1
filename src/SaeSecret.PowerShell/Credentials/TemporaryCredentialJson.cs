using System;
using System.Globalization;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// Reads {"AccessKeyId","AccessKeySecret","SecurityToken","Expiration"} (STS Credentials, instance metadata,
    /// credentials URI). Errors name the fields, never the body: it holds the secret.
    /// </summary>
    internal static class TemporaryCredentialJson
    {
        /// <summary>The body as a JSON object, or null when it is not one.</summary>
        public static JObject? TryParseObject(string? body)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            try
            {
                return Parse(body!) as JObject;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>
        /// One JSON value and nothing after it; throws <see cref="JsonReaderException"/> for anything else, including
        /// truncated text (which JsonConvert.DeserializeObject lets through). Dates stay text.
        /// </summary>
        public static JToken Parse(string text)
        {
            using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = 32 })
            {
                var token = JToken.ReadFrom(reader);
                while (reader.Read())
                {
                    if (reader.TokenType != JsonToken.Comment)
                    {
                        throw new JsonReaderException("Additional content after the JSON value.", reader.Path, reader.LineNumber, reader.LinePosition, null);
                    }
                }
                return token;
            }
        }

        /// <param name="failure">Prefix for errors, e.g. "ECS RAM role 'worker': instance metadata answered".</param>
        public static AlibabaCloudCredential Read(JObject fields, string source, string failure)
        {
            var id = String(fields, "AccessKeyId");
            var secret = String(fields, "AccessKeySecret");
            if (id == null || secret == null)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed,
                    failure + " without " + (id == null ? "AccessKeyId" : "AccessKeySecret") + ".");
            }
            DateTimeOffset? expiration = null;
            var expirationText = String(fields, "Expiration");
            if (expirationText != null)
            {
                if (!TryParseExpiration(expirationText, out var parsed))
                {
                    throw new CredentialsException(ErrorIds.CredentialsSourceFailed, failure + " with an Expiration that is not a UTC time.");
                }
                expiration = parsed;
            }
            return new AlibabaCloudCredential(id, secret, String(fields, "SecurityToken"), expiration, source);
        }

        public static string? String(JObject? fields, string name)
        {
            var token = fields?[name];
            if (token == null || token.Type == JTokenType.Null) return null;
            var text = token.Type == JTokenType.String ? (string?)token : token.ToString(Formatting.None);
            return string.IsNullOrEmpty(text) ? null : text;
        }

        /// <summary>ISO 8601 as STS and metadata write it (2026-11-27T08:00:00Z); a time without zone is UTC.</summary>
        public static bool TryParseExpiration(string text, out DateTimeOffset expiration) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out expiration);
    }
}
