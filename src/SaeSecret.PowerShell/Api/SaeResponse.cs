using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// The members of an SAE or gateway answer that the module reads. Tolerates the documented variations:
    /// SecretId as "16" or 16, Code as "200" or 200, Success as a boolean or "true".
    /// </summary>
    internal sealed class SaeResponse
    {
        public string? RequestId { get; internal set; }
        public string? TraceId { get; private set; }
        public string? Code { get; private set; }
        public string? ErrorCode { get; private set; }
        public string? Message { get; private set; }
        public string? HostId { get; private set; }
        public string? Recommend { get; private set; }
        public bool? Success { get; private set; }
        public bool HasData { get; private set; }
        public long? DataSecretId { get; private set; }

        /// <summary>The answer's Data member (an object or an array), for an operation's mapper.</summary>
        internal JToken? Data { get; private set; }

        /// <summary>ErrorCode when the service gave one, else Code.</summary>
        public string? EffectiveErrorCode => !string.IsNullOrEmpty(ErrorCode) ? ErrorCode : Code;

        /// <summary>Parses a JSON object; returns false (no exception) for anything else.</summary>
        public static bool TryParse(string body, [NotNullWhen(true)] out SaeResponse? response)
        {
            response = null;
            if (string.IsNullOrWhiteSpace(body)) return false;
            JObject json;
            try
            {
                using (var reader = new JsonTextReader(new System.IO.StringReader(body)) { DateParseHandling = DateParseHandling.None })
                {
                    if (!(JToken.ReadFrom(reader) is JObject obj)) return false;
                    // Trailing content after the object means the body is not one JSON document.
                    if (reader.Read() && reader.TokenType != JsonToken.Comment) return false;
                    json = obj;
                }
            }
            catch (JsonException)
            {
                return false;
            }

            response = new SaeResponse
            {
                RequestId = Text(json["RequestId"]),
                TraceId = Text(json["TraceId"]),
                Code = Text(json["Code"]),
                ErrorCode = Text(json["ErrorCode"]),
                Message = Text(json["Message"]),
                HostId = Text(json["HostId"]),
                Recommend = Text(json["Recommend"]),
                Success = Boolean(json["Success"]),
            };
            var data = json["Data"];
            response.Data = data;
            if (data is JArray)
            {
                response.HasData = true;
            }
            else if (data is JObject dataObject)
            {
                response.HasData = true;
                response.DataSecretId = Int64(dataObject["SecretId"]);
            }
            return true;
        }

        /// <summary>A member as text, made inert: no server can put a control character into a message or a log line.</summary>
        private static string? Text(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.String) return ServerText.Inert((string?)token);
            if (token is JValue value) return ServerText.Inert(Convert.ToString(value.Value, CultureInfo.InvariantCulture));
            return ServerText.Inert(token.ToString(Formatting.None));
        }

        private static bool? Boolean(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.Boolean) return (bool)token;
            if (token.Type == JTokenType.String && bool.TryParse((string?)token, out var b)) return b;
            return null;
        }

        private static long? Int64(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            // A number beyond 64 bits parses as BigInteger; TryParse on its text keeps this free of exceptions.
            var text = token.Type == JTokenType.String ? (string?)token
                : token.Type == JTokenType.Integer ? Convert.ToString(((JValue)token).Value, CultureInfo.InvariantCulture)
                : null;
            return text != null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
        }
    }
}
