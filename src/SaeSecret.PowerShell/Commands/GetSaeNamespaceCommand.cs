using System;
using System.Linq;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>Get-SaeNamespace: the namespaces of a region (DescribeNamespaceList, custom ones included).</summary>
    [Cmdlet(VerbsCommon.Get, "SaeNamespace")]
    [OutputType(typeof(SaeNamespace))]
    public sealed class GetSaeNamespaceCommand : SaeApiCmdlet
    {
        public const string RegionVariable = "ALIBABA_CLOUD_REGION_ID";

        protected override void ProcessRecord()
        {
            Run(() => RegionId, () =>
            {
                var region = string.IsNullOrEmpty(RegionId) ? DefaultRegion() : RegionId!;
                SaeEndpoint.ValidateRegionId(region);
                WriteDebug("Region: " + region + (string.IsNullOrEmpty(RegionId) ? " (default)" : string.Empty));
                var namespaces = Call(SaeOperations.DescribeNamespaceList(EndpointForRegion(region), region));
                // The region's endpoint answers for its region; a shared endpoint (-Endpoint) may list others too.
                WriteObject(namespaces.Where(n => string.IsNullOrEmpty(n.RegionId) || string.Equals(n.RegionId, region, StringComparison.OrdinalIgnoreCase)), true);
            });
        }

        /// <summary>ALIBABA_CLOUD_REGION_ID, else the aliyun CLI profile's region_id (the same profile credentials would use).</summary>
        private string DefaultRegion()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(RegionVariable)?.Trim();
            if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment!;

            var path = AliyunCliConfig.PathInUse();
            var disabled = string.Equals(Environment.GetEnvironmentVariable(CredentialEnvironmentVariables.CliProfileDisabled)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            if (!disabled && System.IO.File.Exists(path))
            {
                var config = AliyunCliConfig.Load(path);
                var name = ProfileName ?? Environment.GetEnvironmentVariable(CredentialEnvironmentVariables.Profile)?.Trim();
                if (string.IsNullOrEmpty(name)) name = config.Current;
                var profile = string.IsNullOrEmpty(name) ? null : config.FindProfile(name!);
                var region = profile == null ? null : AliyunCliConfig.Text(profile, "region_id");
                if (!string.IsNullOrEmpty(region)) return region!.Trim();
            }
            throw new SaeInputException(ErrorIds.RegionIdMissing,
                "No region: pass -RegionId (e.g. cn-beijing), or set " + RegionVariable + ", or a region_id in the aliyun CLI profile (" + path + ").",
                "RegionId");
        }
    }
}
