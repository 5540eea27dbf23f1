using System;
using System.Collections.Generic;
using System.IO;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// A profile of the aliyun CLI's config.json: the one named (-ProfileName, else ALIBABA_CLOUD_PROFILE), else
    /// the file's current profile. Skipped when ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true.
    /// </summary>
    internal sealed class AliyunCliProfileProvider : ProfileFileCredentialProvider
    {
        public const string ChainName = "aliyun CLI config";

        public static readonly string[] SupportedModes =
            { "AK", "StsToken", "RamRoleArn", "EcsRamRole", "OIDC", "ChainableRamRoleArn", "CredentialsURI", "External" };

        private readonly string? _profileName;

        /// <param name="profileName">The profile to use; null for the file's current profile.</param>
        public AliyunCliProfileProvider(string? profileName)
        {
            _profileName = string.IsNullOrWhiteSpace(profileName) ? null : profileName!.Trim();
        }

        public override string Name => ChainName;

        protected override Resolution Resolve()
        {
            if (CredentialEnvironmentVariables.IsTrue(CredentialEnvironmentVariables.CliProfileDisabled))
            {
                return Resolution.NotFound(CredentialEnvironmentVariables.CliProfileDisabled + " is true");
            }
            var path = AliyunCliConfig.PathInUse();
            if (!File.Exists(path)) return Resolution.NotFound("'" + path + "' does not exist");

            var config = AliyunCliConfig.Load(path);
            var profile = config.SelectProfile(_profileName, out var name);
            if (profile == null)
            {
                return Resolution.NotFound("'" + path + "' has no profile '" + name + "'" + (_profileName == null ? " (its current profile)" : string.Empty));
            }
            return Resolution.Found(Build(config, profile, name, new List<string>()).Provider);
        }

        /// <param name="path">Profiles already on the way here through source_profile, to stop a cycle.</param>
        internal static ProfileSource Build(AliyunCliConfig config, JObject profile, string name, List<string> path)
        {
            var mode = Canonical(AliyunCliConfig.Text(profile, "mode") ?? "AK");
            var source = "aliyun CLI profile '" + name + "' (" + mode + ")";
            string? Field(string field) => AliyunCliConfig.Text(profile, field);
            string Required(string field) => Field(field) ?? throw new CredentialsException(ErrorIds.CredentialsInvalid,
                source + " in '" + config.Path + "' has no " + field + ".");
            RoleSessionParameters Role() => new RoleSessionParameters(Required("ram_role_arn"), Field("ram_session_name"),
                AliyunCliConfig.Number(profile, "expired_seconds"), Field("policy"), Field("external_id"));

            switch (mode)
            {
                case "AK":
                    return ProfileSource.Static(new AlibabaCloudCredential(Required("access_key_id"), Required("access_key_secret"), null, null, source));
                case "StsToken":
                    return ProfileSource.Static(new AlibabaCloudCredential(Required("access_key_id"), Required("access_key_secret"), Required("sts_token"), null, source));
                case "RamRoleArn":
                {
                    var caller = ProfileSource.Static(new AlibabaCloudCredential(Required("access_key_id"), Required("access_key_secret"), null, null, source));
                    return ProfileSource.Refreshing(new RamRoleArnCredentialProvider(caller.Provider, caller.Identity, Role(),
                        Field("sts_region"), AliyunCliConfig.Flag(profile, "enable_vpc"), source));
                }
                case "EcsRamRole":
                    return ProfileSource.Refreshing(new EcsRamRoleCredentialProvider(Field("ram_role_name"),
                        CredentialEnvironmentVariables.IsTrue(CredentialEnvironmentVariables.ImdsV1Disabled), source));
                case "OIDC":
                    return ProfileSource.Refreshing(new OidcRoleCredentialProvider(Required("oidc_provider_arn"), Required("oidc_token_file"), Role(),
                        Field("sts_region"), AliyunCliConfig.Flag(profile, "enable_vpc"), source));
                case "ChainableRamRoleArn":
                {
                    var sourceName = Required("source_profile");
                    path.Add(name);
                    if (path.Contains(sourceName))
                    {
                        throw new CredentialsException(ErrorIds.CredentialsInvalid, source + " in '" + config.Path +
                            "': source_profile makes a cycle: " + string.Join(" -> ", path) + " -> " + sourceName + ".");
                    }
                    var sourceProfile = config.FindProfile(sourceName) ?? throw new CredentialsException(ErrorIds.CredentialsInvalid,
                        source + " in '" + config.Path + "' names source_profile '" + sourceName + "', which is not in the file.");
                    var caller = Build(config, sourceProfile, sourceName, path);
                    return ProfileSource.Refreshing(new RamRoleArnCredentialProvider(caller.Provider, caller.Identity, Role(),
                        Field("sts_region"), AliyunCliConfig.Flag(profile, "enable_vpc"), source));
                }
                case "CredentialsURI":
                    return ProfileSource.Refreshing(new CredentialsUriCredentialProvider(Required("credentials_uri"),
                        "credentials_uri in '" + config.Path + "'", source));
                case "External":
                    return ProfileSource.Refreshing(new ExternalProcessCredentialProvider(Required("process_command"), source));
                default:
                    throw new CredentialsException(ErrorIds.CredentialsModeNotSupported,
                        "aliyun CLI profile '" + name + "' in '" + config.Path + "' uses mode '" + mode + "', which SaeSecret cannot use. Supported modes: " +
                        string.Join(", ", SupportedModes) + ". Use another profile (-ProfileName), or pass -Credential.");
            }
        }

        /// <summary>The mode as the CLI spells it, whatever case the file uses; unknown modes as written.</summary>
        private static string Canonical(string mode)
        {
            foreach (var known in SupportedModes)
            {
                if (string.Equals(known, mode, StringComparison.OrdinalIgnoreCase)) return known;
            }
            return mode;
        }
    }
}
