using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.Http;
using SaeSecret.PowerShell.Signing;

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

        /// <summary>The whole answer, for an operation whose result is not wrapped in Data.</summary>
        internal JObject? Root { get; private set; }

        /// <summary>The key that signed the request this answers (for a mapper reporting who called); never its secret.</summary>
        internal AlibabaCloudCredential? SignedWith { get; set; }

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
                using (var reader = new JsonTextReader(new System.IO.StringReader(body)) { DateParseHandling = DateParseHandling.None, ArrayPool = JsonCharPool.Instance })
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
                RequestId = ServerJson.Text(json["RequestId"]),
                TraceId = ServerJson.Text(json["TraceId"]),
                Code = ServerJson.Text(json["Code"]),
                ErrorCode = ServerJson.Text(json["ErrorCode"]),
                Message = ServerJson.Text(json["Message"]),
                HostId = ServerJson.Text(json["HostId"]),
                Recommend = ServerJson.Text(json["Recommend"]),
                Success = ServerJson.Boolean(json["Success"]),
                Root = json,
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
                response.DataSecretId = ServerJson.Int64(dataObject["SecretId"]);
            }
            return true;
        }
    }
}
