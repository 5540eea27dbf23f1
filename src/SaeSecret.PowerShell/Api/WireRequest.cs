using System;
using System.Collections.Generic;
using System.Text;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// The URL, signed query and body of an operation with its SecretData in one place: the JSON body, or the query
    /// parameter SecretData holding exactly the same text (then no body: the empty-body hash, no content-type).
    /// </summary>
    internal sealed class WireRequest
    {
        private static readonly string EmptyBodyHash = Hex.Sha256(Array.Empty<byte>());

        private WireRequest(SecretDataLocation location, Uri url, KeyValuePair<string, string>[] query, byte[]? body, string payloadHash, string? secretDataText)
        {
            Location = location;
            Url = url;
            Query = query;
            Body = body;
            PayloadHash = payloadHash;
            _secretDataText = secretDataText;
        }

        private readonly string? _secretDataText;

        public SecretDataLocation Location { get; }

        /// <summary>The full URL. With the query form it carries secret values: never write it anywhere.</summary>
        public Uri Url { get; }

        public KeyValuePair<string, string>[] Query { get; }

        /// <summary>The body, or null for none.</summary>
        public byte[]? Body { get; }

        public string PayloadHash { get; }

        public static WireRequest For<TResult>(SaeOperation<TResult> operation, SecretDataLocation location)
        {
            var data = operation.SecretData;
            var inQuery = data != null && location == SecretDataLocation.Query;
            var query = new List<KeyValuePair<string, string>>(operation.Query.Count + 1);
            query.AddRange(operation.Query);
            string? secretDataText = null;
            if (inQuery)
            {
                secretDataText = Encoding.UTF8.GetString(data!.Body);
                query.Add(new KeyValuePair<string, string>("SecretData", secretDataText));
            }

            var url = new StringBuilder(operation.Path);
            for (int i = 0; i < query.Count; i++)
            {
                url.Append(i == 0 ? '?' : '&').Append(AcsPercentEncoder.Encode(query[i].Key)).Append('=').Append(AcsPercentEncoder.Encode(query[i].Value));
            }

            byte[]? body = data == null || inQuery ? null : data.Body;
            return new WireRequest(
                inQuery ? SecretDataLocation.Query : SecretDataLocation.Body,
                new Uri(operation.Endpoint, url.ToString()),
                query.ToArray(),
                body,
                body == null ? EmptyBodyHash : Hex.Sha256(body),
                secretDataText);
        }

        /// <summary>Whether any message in the exception chain quotes the URL's query (and so possibly a secret value).</summary>
        public bool Quotes(Exception exception)
        {
            if (Url.Query.Length == 0) return false;
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (!ReferenceEquals(Scrub(e.Message), e.Message)) return true;
            }
            return false;
        }

        /// <summary>The text with this request's query (in any form it could appear) cut out; the same instance when absent.</summary>
        public string Scrub(string text)
        {
            if (string.IsNullOrEmpty(text) || Url.Query.Length == 0) return text;
            var candidates = new[] { Url.Query, Url.Query.Substring(1), Uri.UnescapeDataString(Url.Query), _secretDataText };
            var scrubbed = text;
            foreach (var candidate in candidates)
            {
                if (!string.IsNullOrEmpty(candidate) && scrubbed.IndexOf(candidate, StringComparison.Ordinal) >= 0)
                {
                    scrubbed = scrubbed.Replace(candidate, "?…");
                }
            }
            return scrubbed;
        }
    }
}
