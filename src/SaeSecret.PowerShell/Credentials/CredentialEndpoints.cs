using System;
using System.Net;
using System.Text.RegularExpressions;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>Where STS and the ECS instance metadata service are, after the SAESECRET_* overrides.</summary>
    internal static class CredentialEndpoints
    {
        public static readonly Uri DefaultStsEndpoint = new Uri("https://sts.aliyuncs.com");
        public static readonly Uri DefaultEcsMetadataEndpoint = new Uri("http://100.100.100.200");

        private static readonly Regex RegionIdPattern = new Regex("^[a-z]{2}(-[a-z0-9]+)+$", RegexOptions.CultureInvariant);

        /// <summary>https://sts[-vpc].&lt;region&gt;.aliyuncs.com, or the global endpoint without a region.</summary>
        /// <param name="region">sts_region from a profile, else ALIBABA_CLOUD_STS_REGION when null.</param>
        /// <param name="vpc">enable_vpc from a profile, else ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED when null.</param>
        public static Uri Sts(string? region, bool? vpc)
        {
            var overridden = Override(CredentialEnvironmentVariables.StsEndpointOverride);
            if (overridden != null) return overridden;

            region = string.IsNullOrWhiteSpace(region) ? CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.StsRegion) : region!.Trim();
            bool useVpc = vpc ?? CredentialEnvironmentVariables.IsTrue(CredentialEnvironmentVariables.VpcEndpointEnabled);
            if (region == null) return DefaultStsEndpoint;
            if (!RegionIdPattern.IsMatch(region))
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid,
                    "The STS region '" + region + "' is not a region id such as cn-hangzhou (from sts_region or " + CredentialEnvironmentVariables.StsRegion + ").");
            }
            return new Uri("https://sts" + (useVpc ? "-vpc" : string.Empty) + "." + region + ".aliyuncs.com");
        }

        public static Uri EcsMetadata() => Override(CredentialEnvironmentVariables.EcsMetadataEndpointOverride) ?? DefaultEcsMetadataEndpoint;

        /// <summary>The override's base URL; https anywhere, plain http only to this machine so keys never cross a network in clear.</summary>
        private static Uri? Override(string variable)
        {
            var value = CredentialEnvironmentVariables.Get(variable);
            if (value == null) return null;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) ||
                !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && ProxyPolicy.IsLoopback(uri))) ||
                !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid,
                    variable + " must be an https:// base URL, or http:// on a loopback address such as http://127.0.0.1:8080, without a query.");
            }
            return new Uri(uri.GetLeftPart(UriPartial.Authority));
        }

        /// <summary>Scheme, host, port and path: what may be shown of a URL whose user info or query could carry a secret.</summary>
        public static string Printable(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }
}
