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
        protected override object? RecordTarget() => RegionId;

        protected override void ProcessOne()
        {
            var region = Endpoints.Region(RegionId, out var defaulted);
            WriteDebug("Region: " + region + (defaulted ? " (default)" : string.Empty));
            var namespaces = Call(SaeOperations.DescribeNamespaceList(Endpoints.ForRegion(region), region));
            // The region's endpoint answers for its region; a shared endpoint (-Endpoint) may list others too.
            WriteObject(namespaces.Where(n => string.IsNullOrEmpty(n.RegionId) || string.Equals(n.RegionId, region, StringComparison.OrdinalIgnoreCase)), true);
        }
    }
}
