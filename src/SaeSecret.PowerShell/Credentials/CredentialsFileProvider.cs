using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// A section of the INI credentials file (~/.alibabacloud/credentials, or credentials.ini;
    /// ALIBABA_CLOUD_CREDENTIALS_FILE overrides): the named profile, else [default].
    /// type = access_key | ecs_ram_role | ram_role_arn | oidc_role_arn.
    /// </summary>
    internal sealed class CredentialsFileProvider : ProfileFileCredentialProvider
    {
        public const string ChainName = "credentials file";
        public const string DefaultProfile = "default";

        public static readonly string[] SupportedTypes = { "access_key", "ecs_ram_role", "ram_role_arn", "oidc_role_arn" };

        private readonly string? _profileName;

        public CredentialsFileProvider(string? profileName)
        {
            _profileName = string.IsNullOrWhiteSpace(profileName) ? null : profileName!.Trim();
        }

        public override string Name => ChainName;

        /// <summary>The file in use, or null; <paramref name="candidates"/> says which paths were looked at.</summary>
        public static string? Locate(out IReadOnlyList<string> candidates)
        {
            var configured = CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.CredentialsFile);
            var paths = configured != null
                ? new[] { configured }
                : new[]
                {
                    Path.Combine(CredentialEnvironmentVariables.HomeDirectory(), ".alibabacloud", "credentials"),
                    Path.Combine(CredentialEnvironmentVariables.HomeDirectory(), ".alibabacloud", "credentials.ini"),
                };
            candidates = paths;
            foreach (var path in paths)
            {
                if (File.Exists(path)) return path;
            }
            return null;
        }

        protected override Resolution Resolve()
        {
            var path = Locate(out var candidates);
            if (path == null)
            {
                return Resolution.NotFound(candidates.Count == 1
                    ? "'" + candidates[0] + "' (" + CredentialEnvironmentVariables.CredentialsFile + ") does not exist"
                    : "neither '" + string.Join("' nor '", candidates) + "' exists");
            }
            var file = IniFile.Load(path);
            var name = _profileName ?? DefaultProfile;
            var section = file.Section(name);
            if (section == null) return Resolution.NotFound("'" + path + "' has no [" + name + "] section");
            if (section.TryGetValue("enable", out var enable) && string.Equals(enable, "false", StringComparison.OrdinalIgnoreCase))
            {
                return Resolution.NotFound("[" + name + "] in '" + path + "' has enable = false");
            }
            return Resolution.Found(Build(file, section, name));
        }

        private static ICredentialProvider Build(IniFile file, IReadOnlyDictionary<string, string> section, string name)
        {
            string? Field(string key) => section.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
            var type = Field("type") ?? throw new CredentialsException(ErrorIds.CredentialsInvalid,
                "Profile [" + name + "] in the credentials file '" + file.Path + "' has no type (" + string.Join(", ", SupportedTypes) + ").");
            type = type.ToLowerInvariant();
            var source = "credentials file profile '" + name + "' (" + type + ")";
            string Required(string key) => Field(key) ?? throw new CredentialsException(ErrorIds.CredentialsInvalid,
                source + " in '" + file.Path + "' has no " + key + ".");
            bool? Vpc() => Field("enable_vpc") == null ? (bool?)null : string.Equals(Field("enable_vpc"), "true", StringComparison.OrdinalIgnoreCase);
            int? Duration() => int.TryParse(Field("duration_seconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : (int?)null;

            switch (type)
            {
                case "access_key":
                    return new StaticCredentialProvider(new AlibabaCloudCredential(Required("access_key_id"), Required("access_key_secret"), null, null, source));
                case "ecs_ram_role":
                    return new EcsRamRoleCredentialProvider(Field("role_name"), CredentialEnvironmentVariables.IsTrue(CredentialEnvironmentVariables.ImdsV1Disabled), source);
                case "ram_role_arn":
                {
                    var caller = ProfileSource.Static(new AlibabaCloudCredential(Required("access_key_id"), Required("access_key_secret"), null, null, source));
                    var role = new RoleSessionParameters(Required("role_arn"), Field("role_session_name"), Duration(), Field("policy"), Field("external_id"));
                    return new RamRoleArnCredentialProvider(caller.Provider, caller.Identity, role, Field("sts_region"), Vpc(), source);
                }
                case "oidc_role_arn":
                {
                    var role = new RoleSessionParameters(Required("role_arn"), Field("role_session_name"), Duration(), Field("policy"), null);
                    return new OidcRoleCredentialProvider(Required("oidc_provider_arn"), Required("oidc_token_file_path"), role, Field("sts_region"), Vpc(), source);
                }
                default:
                    throw new CredentialsException(ErrorIds.CredentialsModeNotSupported,
                        "Profile [" + name + "] in the credentials file '" + file.Path + "' has type '" + type + "', which SaeSecret cannot use. Supported types: " +
                        string.Join(", ", SupportedTypes) + ".");
            }
        }
    }
}
