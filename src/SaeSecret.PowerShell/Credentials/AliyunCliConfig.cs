using System;
using System.Globalization;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// The aliyun CLI's config.json: {"current":"default","profiles":[{"name","mode",…}]}. Errors name the file
    /// and line, never its content.
    /// </summary>
    internal sealed class AliyunCliConfig
    {
        private readonly JArray _profiles;

        private AliyunCliConfig(string path, string? current, JArray profiles)
        {
            Path = path;
            Current = current;
            _profiles = profiles;
        }

        public string Path { get; }

        /// <summary>The profile the CLI uses when none is named.</summary>
        public string? Current { get; }

        /// <summary>ALIBABA_CLOUD_CONFIG_FILE, else ~/.aliyun/config.json.</summary>
        public static string PathInUse() =>
            CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.CliConfigFile)
            ?? System.IO.Path.Combine(CredentialEnvironmentVariables.HomeDirectory(), ".aliyun", "config.json");

        public static AliyunCliConfig Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid,
                    "The aliyun CLI config file '" + path + "' cannot be read: " + ex.Message.TrimEnd('.') + ".");
            }

            JToken? root;
            try
            {
                root = string.IsNullOrWhiteSpace(text) ? null : TemporaryCredentialJson.Parse(text);
            }
            catch (JsonReaderException ex)
            {
                throw Invalid(path, string.Format(CultureInfo.InvariantCulture, "is not valid JSON (near line {0}, position {1})", ex.LineNumber, ex.LinePosition));
            }
            catch (JsonException)
            {
                throw Invalid(path, "is not valid JSON");
            }
            if (!(root is JObject config)) throw Invalid(path, "is not a JSON object");
            var profiles = config["profiles"];
            if (profiles != null && profiles.Type != JTokenType.Null && !(profiles is JArray))
            {
                throw Invalid(path, "has a \"profiles\" member that is not a list");
            }
            return new AliyunCliConfig(path, Text(config, "current"), profiles as JArray ?? new JArray());
        }

        /// <summary>
        /// The profile the CLI itself would use: the one named (-ProfileName, else ALIBABA_CLOUD_PROFILE, as the caller
        /// decides), else the file's current profile, else "default". Credentials and the default region both use it.
        /// </summary>
        public JObject? SelectProfile(string? named, out string name)
        {
            name = string.IsNullOrWhiteSpace(named) ? Current ?? "default" : named!.Trim();
            return FindProfile(name);
        }

        public JObject? FindProfile(string name)
        {
            foreach (var entry in _profiles)
            {
                if (entry is JObject profile && string.Equals(Text(profile, "name"), name, StringComparison.Ordinal)) return profile;
            }
            return null;
        }

        /// <summary>A string member (numbers and booleans as written); null when absent or empty.</summary>
        public static string? Text(JObject profile, string name)
        {
            var token = profile[name];
            if (token == null || token.Type == JTokenType.Null) return null;
            var text = token.Type == JTokenType.String ? (string?)token : token.ToString(Formatting.None);
            return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
        }

        public static int? Number(JObject profile, string name) =>
            int.TryParse(Text(profile, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : (int?)null;

        public static bool? Flag(JObject profile, string name)
        {
            var text = Text(profile, name);
            if (text == null) return null;
            return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
        }

        private static CredentialsException Invalid(string path, string what) =>
            new CredentialsException(ErrorIds.CredentialsInvalid, "The aliyun CLI config file '" + path + "' " + what + ".");
    }
}
