using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SaeSecret.Tests.Support
{
    /// <summary>Data/acs3-signature-vectors.json, the known-answer data for the V3 signature.</summary>
    internal static class SignatureVectors
    {
        private static readonly Lazy<JObject> Document = new Lazy<JObject>(Load);

        private static JObject Load()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Data", "acs3-signature-vectors.json");
            // DateParseHandling.None: x-acs-date values must stay the exact text that was signed.
            using (var reader = new JsonTextReader(new StringReader(File.ReadAllText(path))) { DateParseHandling = DateParseHandling.None })
            {
                return JObject.Load(reader);
            }
        }

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
