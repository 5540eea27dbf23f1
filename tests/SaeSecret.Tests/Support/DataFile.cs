using System;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SaeSecret.Tests.Support
{
    /// <summary>The JSON files under Data/, copied next to the test assembly.</summary>
    internal static class DataFile
    {
        /// <summary>Reads Data/<paramref name="name"/>; DateParseHandling.None keeps date-like text exactly as written.</summary>
        public static JObject Json(string name)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Data", name);
            using (var reader = new JsonTextReader(new StringReader(File.ReadAllText(path))) { DateParseHandling = DateParseHandling.None })
            {
                return JObject.Load(reader);
            }
        }
    }
}
