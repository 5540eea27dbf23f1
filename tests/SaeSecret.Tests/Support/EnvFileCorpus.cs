using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace SaeSecret.Tests.Support
{
    /// <summary>
    /// Data/envfile-corpus.json: whole .env files with the values Docker Compose's documented rules give, or the error
    /// this module stops with; rows where npm's dotenv answers otherwise say how in dotenvDiffers.
    /// </summary>
    internal static class EnvFileCorpus
    {
        private static readonly Lazy<JArray> Cases = new Lazy<JArray>(Load);

        private static JArray Load() => (JArray)DataFile.Json("envfile-corpus.json")["cases"];

        public static IEnumerable<string> Names => Cases.Value.Select(c => (string)c["name"]);

        public static JObject Named(string name) => Cases.Value.Cast<JObject>().Single(c => (string)c["name"] == name);
    }
}
