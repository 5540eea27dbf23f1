using System.Management.Automation;
using SaeSecret.PowerShell.Api;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Get-SaeCallerIdentity: who the credentials the other cmdlets would use are (STS GetCallerIdentity, signed with
    /// them), and where they came from.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SaeCallerIdentity")]
    [OutputType(typeof(CallerIdentity))]
    public sealed class GetSaeCallerIdentityCommand : SaeApiCmdlet
    {
        protected override object? RecordTarget() => RegionId;

        protected override void ProcessOne()
        {
            var sts = Endpoints.ForSts(RegionId);
            WriteDebug("STS endpoint: " + sts.GetLeftPart(System.UriPartial.Authority));
            WriteObject(Call(StsOperations.GetCallerIdentity(sts)));
        }
    }
}
