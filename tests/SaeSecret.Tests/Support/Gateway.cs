using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SaeSecret.PowerShell.Signing;
using Xunit;

namespace SaeSecret.Tests.Support
{
    /// <summary>What the API gateway reads from a recorded request: the query pairs, the signed header names, the signature.</summary>
    internal static class Gateway
    {
        public static List<KeyValuePair<string, string>> QueryOf(Uri uri)
        {
            var query = uri.GetComponents(UriComponents.Query, UriFormat.UriEscaped);
            return query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), p.Length > 1 ? Uri.UnescapeDataString(p[1]) : ""))
                .ToList();
        }

        public static string SignedHeadersOf(RecordedRequest r) =>
            Regex.Match(r.Header("authorization") ?? "", "SignedHeaders=([^,]*),").Groups[1].Value;

        /// <summary>Signs the recorded request again, as the gateway would, from what was actually sent.</summary>
        public static string RecomputeAuthorization(RecordedRequest r, string keyId, string keySecret)
        {
            var names = SignedHeadersOf(r).Split(';');
            var headers = names.Select(n =>
            {
                Assert.True(r.Header(n) != null, "signed header '" + n + "' was not sent");
                return new KeyValuePair<string, string>(n, r.Header(n));
            }).ToList();
            return Acs3Signer.Sign(r.Method.Method, r.Uri.AbsolutePath, QueryOf(r.Uri), headers, Hex.Sha256(r.Body ?? Array.Empty<byte>()), keyId, keySecret).Authorization;
        }
    }
}
