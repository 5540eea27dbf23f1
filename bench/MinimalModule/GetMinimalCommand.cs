using System.Management.Automation;

namespace MinimalModule
{
    [Cmdlet(VerbsCommon.Get, "Minimal")]
    [OutputType(typeof(string))]
    public sealed class GetMinimalCommand : PSCmdlet
    {
        protected override void ProcessRecord() => WriteObject("minimal");
    }
}
