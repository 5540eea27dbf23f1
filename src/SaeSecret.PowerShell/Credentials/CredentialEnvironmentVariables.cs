using System;
using System.Runtime.InteropServices;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>The environment variables the credential sources honour, and how their values are read.</summary>
    internal static class CredentialEnvironmentVariables
    {
        public const string Profile = "ALIBABA_CLOUD_PROFILE";
        public const string CliConfigFile = "ALIBABA_CLOUD_CONFIG_FILE";
        public const string CliProfileDisabled = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
        public const string CredentialsFile = "ALIBABA_CLOUD_CREDENTIALS_FILE";
        public const string EcsMetadataDisabled = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
        public const string EcsMetadataRoleName = "ALIBABA_CLOUD_ECS_METADATA";
        public const string ImdsV1Disabled = "ALIBABA_CLOUD_IMDSV1_DISABLED";
        public const string RoleArn = "ALIBABA_CLOUD_ROLE_ARN";
        public const string OidcProviderArn = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
        public const string OidcTokenFile = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
        public const string RoleSessionName = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
        public const string StsRegion = "ALIBABA_CLOUD_STS_REGION";
        public const string VpcEndpointEnabled = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
        public const string CredentialsUri = "ALIBABA_CLOUD_CREDENTIALS_URI";

        /// <summary>Base URL replacing every STS endpoint (tests; an STS proxy). Plain http only on loopback.</summary>
        public const string StsEndpointOverride = "SAESECRET_STS_ENDPOINT";

        /// <summary>Base URL replacing http://100.100.100.200 (tests). Plain http only on loopback.</summary>
        public const string EcsMetadataEndpointOverride = "SAESECRET_ECS_METADATA_ENDPOINT";

        /// <summary>The trimmed value, or null when the variable is unset, empty or blank.</summary>
        internal static string? Get(string name)
        {
            var value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        internal static bool IsTrue(string name) => string.Equals(Get(name), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>The user's home: USERPROFILE on Windows (HOME there is often a Unix-tool leftover), HOME elsewhere.</summary>
        internal static string HomeDirectory()
        {
            var windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var home = windows ? (Get("USERPROFILE") ?? Get("HOME")) : Get("HOME");
            return home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }
    }
}
