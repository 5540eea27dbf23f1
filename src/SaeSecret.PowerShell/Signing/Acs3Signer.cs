using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace SaeSecret.PowerShell.Signing
{
    /// <summary>What a signature was made of; only hashes and names, never the key.</summary>
    public sealed class Acs3Signature
    {
        internal Acs3Signature(string canonicalRequest, string hashedCanonicalRequest, string signedHeaders, string signature, string authorization)
        {
            CanonicalRequest = canonicalRequest;
            HashedCanonicalRequest = hashedCanonicalRequest;
            SignedHeaders = signedHeaders;
            Signature = signature;
            Authorization = authorization;
        }

        public string CanonicalRequest { get; }
        public string HashedCanonicalRequest { get; }
        public string StringToSign => Acs3Signer.Algorithm + "\n" + HashedCanonicalRequest;
        public string SignedHeaders { get; }
        public string Signature { get; }
        public string Authorization { get; }
    }

    /// <summary>The ACS3-HMAC-SHA256 (V3) request signature, as a pure function of the request's parts.</summary>
    public static class Acs3Signer
    {
        public const string Algorithm = "ACS3-HMAC-SHA256";

        /// <param name="headers">The headers to sign (host, content-type, every x-acs-*); names in any case.</param>
        /// <param name="payloadHash">Lower-case hex SHA-256 of the body (the x-acs-content-sha256 value).</param>
        public static Acs3Signature Sign(
            string method,
            string path,
            IEnumerable<KeyValuePair<string, string>> query,
            IEnumerable<KeyValuePair<string, string>> headers,
            string payloadHash,
            string accessKeyId,
            string accessKeySecret)
        {
            if (string.IsNullOrEmpty(method)) throw new ArgumentException("The HTTP method is required.", nameof(method));
            if (string.IsNullOrEmpty(accessKeyId)) throw new ArgumentException("The AccessKeyId is required.", nameof(accessKeyId));
            if (accessKeySecret == null) throw new ArgumentNullException(nameof(accessKeySecret));

            var sortedHeaders = new List<KeyValuePair<string, string>>();
            foreach (var h in headers)
            {
                sortedHeaders.Add(new KeyValuePair<string, string>(h.Key.Trim().ToLowerInvariant(), (h.Value ?? string.Empty).Trim()));
            }
            sortedHeaders.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));

            var signedHeaders = new StringBuilder(160);
            var canonical = new StringBuilder(512);
            canonical.Append(method.ToUpperInvariant()).Append('\n');
            canonical.Append(string.IsNullOrEmpty(path) ? "/" : path).Append('\n');
            AppendCanonicalQuery(canonical, query);
            canonical.Append('\n');
            for (int i = 0; i < sortedHeaders.Count; i++)
            {
                if (i > 0 && sortedHeaders[i].Key == sortedHeaders[i - 1].Key)
                {
                    throw new ArgumentException("The header '" + sortedHeaders[i].Key + "' is given twice.", nameof(headers));
                }
                canonical.Append(sortedHeaders[i].Key).Append(':').Append(sortedHeaders[i].Value).Append('\n');
                if (i > 0) signedHeaders.Append(';');
                signedHeaders.Append(sortedHeaders[i].Key);
            }
            canonical.Append('\n');
            canonical.Append(signedHeaders).Append('\n');
            canonical.Append(string.IsNullOrEmpty(payloadHash) ? Hex.EmptySha256 : payloadHash);

            var canonicalRequest = canonical.ToString();
            var hashedCanonicalRequest = Hex.Sha256(canonicalRequest);
            string signature;
            using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(accessKeySecret)))
            {
                signature = Hex.Encode(hmac.ComputeHash(Encoding.UTF8.GetBytes(Algorithm + "\n" + hashedCanonicalRequest)));
            }
            var signedHeaderNames = signedHeaders.ToString();
            var authorization = Algorithm + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaderNames + ",Signature=" + signature;
            return new Acs3Signature(canonicalRequest, hashedCanonicalRequest, signedHeaderNames, signature, authorization);
        }

        /// <summary>Pairs sorted by name (ordinal), name=PercentEncode(value), joined by '&amp;'.</summary>
        public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> query)
        {
            var sb = new StringBuilder(128);
            AppendCanonicalQuery(sb, query);
            return sb.ToString();
        }

        private static void AppendCanonicalQuery(StringBuilder sb, IEnumerable<KeyValuePair<string, string>> query)
        {
            if (query == null) return;
            var pairs = new List<KeyValuePair<string, string>>(query);
            pairs.Sort((a, b) =>
            {
                int byName = string.CompareOrdinal(a.Key, b.Key);
                return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
            });
            for (int i = 0; i < pairs.Count; i++)
            {
                if (i > 0) sb.Append('&');
                AcsPercentEncoder.AppendEncoded(sb, pairs[i].Key);
                sb.Append('=');
                AcsPercentEncoder.AppendEncoded(sb, pairs[i].Value);
            }
        }
    }
}
