using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;

namespace SaeSecret.PowerShell.Signing
{
    /// <summary>An Alibaba Cloud API request with every header the V3 signature covers, signed for one attempt.</summary>
    internal static class SignedRequest
    {
        public static readonly string UserAgent = "SaeSecret/" + typeof(SignedRequest).Assembly.GetName().Version.ToString(3);

        /// <param name="url">The full URL; its query must be the percent-encoded form of <paramref name="query"/>.</param>
        /// <param name="body">The body, or null for none (then no content-type is sent or signed).</param>
        public static HttpRequestMessage Build(
            HttpMethod method, Uri url, IEnumerable<KeyValuePair<string, string>> query, string action, string apiVersion,
            byte[]? body, string? contentType, string payloadHash, AlibabaCloudCredential credential)
        {
            var signed = new List<KeyValuePair<string, string>>(9)
            {
                new KeyValuePair<string, string>("host", url.Authority),
                new KeyValuePair<string, string>("x-acs-action", action),
                new KeyValuePair<string, string>("x-acs-version", apiVersion),
                new KeyValuePair<string, string>("x-acs-date", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                new KeyValuePair<string, string>("x-acs-signature-nonce", Guid.NewGuid().ToString("N")),
                new KeyValuePair<string, string>("x-acs-content-sha256", payloadHash),
            };
            if (body != null) signed.Add(new KeyValuePair<string, string>("content-type", contentType!));
            if (credential.SecurityToken != null)
            {
                signed.Add(new KeyValuePair<string, string>("x-acs-accesskey-id", credential.AccessKeyId));
                signed.Add(new KeyValuePair<string, string>("x-acs-security-token", credential.SecurityToken));
            }

            var signature = Acs3Signer.Sign(method.Method, url.AbsolutePath, query, signed, payloadHash, credential.AccessKeyId, credential.AccessKeySecret);

            foreach (var header in signed)
            {
                RequirePrintableAscii(header.Key, header.Value);
            }
            RequirePrintableAscii("authorization", signature.Authorization);

            var message = new HttpRequestMessage(method, url);
            foreach (var header in signed)
            {
                if (header.Key == "content-type") continue;
                if (header.Key == "host")
                {
                    message.Headers.Host = header.Value;
                    continue;
                }
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            message.Headers.TryAddWithoutValidation("authorization", signature.Authorization);
            AddCommonHeaders(message);
            if (body != null)
            {
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            return message;
        }

        /// <summary>HTTP header values are printable ASCII; anything else would fail on every attempt (or split the header).</summary>
        private static void RequirePrintableAscii(string name, string value)
        {
            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new SaeServiceException(ErrorIds.InvalidHeaderValue,
                        "The value for the request header '" + name + "' contains characters that cannot be sent in an HTTP header (only printable ASCII can). " +
                        (name == "host" ? "Check -Endpoint." : "Check the credentials in use (-Debug names their source)."));
                }
            }
        }

        public static void AddCommonHeaders(HttpRequestMessage message)
        {
            message.Headers.TryAddWithoutValidation("accept", "application/json");
            message.Headers.TryAddWithoutValidation("user-agent", UserAgent);
        }
    }
}
