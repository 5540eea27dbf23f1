using System;
using System.IO;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// The region of a cmdlet that was given none: ALIBABA_CLOUD_REGION_ID, else the region_id of the aliyun CLI profile
    /// the credentials would come from (the same selection: -ProfileName, ALIBABA_CLOUD_PROFILE, the current profile).
    /// </summary>
    internal static class DefaultRegion
    {
        public const string Variable = "ALIBABA_CLOUD_REGION_ID";

        /// <summary>The region, or null.</summary>
        public static string? Find(string? profileName)
        {
            var path = AliyunCliConfig.PathInUse();
            var fromEnvironment = CredentialEnvironmentVariables.Get(Variable);
            if (fromEnvironment != null) return fromEnvironment;
            if (CredentialEnvironmentVariables.IsTrue(CredentialEnvironmentVariables.CliProfileDisabled) || !File.Exists(path)) return null;
            var config = AliyunCliConfig.Load(path);
            var profile = config.SelectProfile(profileName ?? CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.Profile), out _);
            var region = profile == null ? null : AliyunCliConfig.Text(profile, "region_id")?.Trim();
            return string.IsNullOrEmpty(region) ? null : region;
        }

        /// <summary>The region; throws <see cref="SaeInputException"/> (RegionIdMissing) when there is none.</summary>
        public static string Resolve(string? profileName) =>
            Find(profileName) ?? throw new SaeInputException(ErrorIds.RegionIdMissing,
                "No region: pass -RegionId (e.g. cn-beijing), or set " + Variable + ", or a region_id in the aliyun CLI profile (" +
                AliyunCliConfig.PathInUse() + ").", "RegionId");
    }
}
