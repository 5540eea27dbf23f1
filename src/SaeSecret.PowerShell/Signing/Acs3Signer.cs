using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace SaeSecret.PowerShell.Signing
{
    /// <summary>What a signature was made of. Its public members are hashes and names, never the key or token.</summary>
    internal sealed class Acs3Signature
    {
        internal Acs3Signature(string canonicalRequest, string hashedCanonicalRequest, string signedHeaders, string signature, string authorization)
        {
            CanonicalRequest = canonicalRequest;
            HashedCanonicalRequest = hashedCanonicalRequest;
            SignedHeaders = signedHeaders;
            Signature = signature;
            Authorization = authorization;
        }

        /// <summary>Internal: with an STS key it contains the security token.</summary>
        internal string CanonicalRequest { get; }
        public string HashedCanonicalRequest { get; }
        public string StringToSign => Acs3Signer.Algorithm + "\n" + HashedCanonicalRequest;
        public string SignedHeaders { get; }
        public string Signature { get; }
        public string Authorization { get; }
    }

    /// <summary>The ACS3-HMAC-SHA256 (V3) request signature, as a pure function of the request's parts.</summary>
    internal static class Acs3Signer
    {
        public const string Algorithm = "ACS3-HMAC-SHA256";

        private static readonly byte[] AlgorithmLine = Encoding.ASCII.GetBytes(Algorithm + "\n");
        private static readonly Comparison<KeyValuePair<string, string>> ByName = (a, b) => string.CompareOrdinal(a.Key, b.Key);
        private static readonly Comparison<KeyValuePair<string, string>> ByNameThenValue = (a, b) =>
        {
            int byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        };

        /// <summary>Buffers reused by every signature on a thread: a pipeline signs once per record.</summary>
        private sealed class Scratch
        {
            public readonly StringBuilder Canonical = new StringBuilder(1024);
            public readonly StringBuilder SignedHeaders = new StringBuilder(256);
            public readonly List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>(12);
            public readonly List<KeyValuePair<string, string>> Query = new List<KeyValuePair<string, string>>(8);
            public byte[] Bytes = new byte[2048];
            public HMACSHA256? Hmac;
            public string? HmacKey;

            public HMACSHA256 HmacFor(string key)
            {
                if (Hmac == null || !string.Equals(HmacKey, key, StringComparison.Ordinal))
                {
                    Hmac?.Dispose();
                    Hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
                    HmacKey = key;
                }
                return Hmac;
            }

            public char[] Chars = new char[1024];

            /// <summary>UTF-8 of the builder's text into <see cref="Bytes"/>, without an intermediate string.</summary>
            public int Utf8(StringBuilder text)
            {
                if (Chars.Length < text.Length) Chars = new char[Math.Max(text.Length, Chars.Length * 2)];
                text.CopyTo(0, Chars, 0, text.Length);
                int max = Encoding.UTF8.GetMaxByteCount(text.Length);
                if (Bytes.Length < max) Bytes = new byte[Math.Max(max, Bytes.Length * 2)];
                return Encoding.UTF8.GetBytes(Chars, 0, text.Length, Bytes, 0);
            }
        }

        [ThreadStatic] private static Scratch? t_scratch;

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

            var scratch = t_scratch ?? (t_scratch = new Scratch());
            var sortedHeaders = scratch.Headers;
            sortedHeaders.Clear();
            foreach (var h in headers)
            {
                sortedHeaders.Add(new KeyValuePair<string, string>(LowerInvariant(h.Key.Trim()), (h.Value ?? string.Empty).Trim()));
            }
            sortedHeaders.Sort(ByName);

            var signedHeaders = scratch.SignedHeaders.Clear();
            var canonical = scratch.Canonical.Clear();
            canonical.Append(method.ToUpperInvariant()).Append('\n');
            canonical.Append(string.IsNullOrEmpty(path) ? "/" : path).Append('\n');
            AppendCanonicalQuery(canonical, query, scratch.Query);
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

            int length = scratch.Utf8(canonical);
            var canonicalHash = Hex.ThreadSha256.ComputeHash(scratch.Bytes, 0, length);

            // StringToSign = "ACS3-HMAC-SHA256\n" + hex(hash), built as bytes in the same buffer.
            Buffer.BlockCopy(AlgorithmLine, 0, scratch.Bytes, 0, AlgorithmLine.Length);
            int stringToSignLength = AlgorithmLine.Length + Hex.EncodeAscii(canonicalHash, scratch.Bytes, AlgorithmLine.Length);
            var signature = Hex.Encode(scratch.HmacFor(accessKeySecret).ComputeHash(scratch.Bytes, 0, stringToSignLength));

            var signedHeaderNames = signedHeaders.ToString();
            var authorization = string.Concat(Algorithm + " Credential=", accessKeyId, ",SignedHeaders=", signedHeaderNames, ",Signature=", signature);
            return new Acs3Signature(canonical.ToString(), Hex.Encode(canonicalHash), signedHeaderNames, signature, authorization);
        }

        /// <summary>Pairs sorted by name (ordinal), name=PercentEncode(value), joined by '&amp;'.</summary>
        public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> query)
        {
            var sb = new StringBuilder(128);
            AppendCanonicalQuery(sb, query, new List<KeyValuePair<string, string>>());
            return sb.ToString();
        }

        private static void AppendCanonicalQuery(StringBuilder sb, IEnumerable<KeyValuePair<string, string>> query, List<KeyValuePair<string, string>> pairs)
        {
            if (query == null) return;
            pairs.Clear();
            pairs.AddRange(query);
            pairs.Sort(ByNameThenValue);
            for (int i = 0; i < pairs.Count; i++)
            {
                if (i > 0) sb.Append('&');
                AcsPercentEncoder.AppendEncoded(sb, pairs[i].Key);
                sb.Append('=');
                AcsPercentEncoder.AppendEncoded(sb, pairs[i].Value);
            }
        }

        private static string LowerInvariant(string name)
        {
            foreach (var c in name)
            {
                if (c >= 'A' && c <= 'Z') return name.ToLowerInvariant();
            }
            return name;
        }
    }
}
