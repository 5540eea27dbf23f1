using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace SaeSecret.Tests.Support
{
    /// <summary>Data/acs3-signature-vectors.json, the known-answer data for the V3 signature.</summary>
    internal static class SignatureVectors
    {
        private static readonly Lazy<JObject> Document = new Lazy<JObject>(Load);

        // x-acs-date values must stay the exact text that was signed: DataFile does not parse dates.
        private static JObject Load() => DataFile.Json("acs3-signature-vectors.json");

        public static JObject Root => Document.Value;

        public static IEnumerable<JObject> All => ((JArray)Root["vectors"]).Cast<JObject>();

        public static JObject Named(string name) =>
            All.SingleOrDefault(v => (string)v["name"] == name) ?? throw new ArgumentException("No vector named " + name);

        public static IEnumerable<KeyValuePair<string, string>> Pairs(JToken obj) =>
            obj == null || obj.Type == JTokenType.Null
                ? Enumerable.Empty<KeyValuePair<string, string>>()
                : ((JObject)obj).Properties().Select(p => new KeyValuePair<string, string>(p.Name, (string)p.Value)).ToList();
    }
}
