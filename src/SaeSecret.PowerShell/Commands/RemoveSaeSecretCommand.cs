using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>Remove-SaeSecret: deletes a secret (DeleteSecret). High impact: it asks unless -Force; -WhatIf always wins.</summary>
    [Cmdlet(VerbsCommon.Remove, "SaeSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveSaeSecretCommand : SaeApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(NamespaceIdCompleter))]
        public string NamespaceId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SecretIdTransformation]
        public long SecretId { get; set; }

        /// <summary>Skips the confirmation prompt; never -WhatIf.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override object? RecordTarget() => new SecretIdentity(NamespaceId, SecretId);

        protected override void ProcessOne()
        {
            var identity = new SecretIdentity(NamespaceId, SecretId);
            var endpoint = Endpoints.ForNamespace(NamespaceId, RegionId);
            SecretIdRule.Check(SecretId);
            if (!ShouldProcess(identity.ToString(), "Delete the secret", Force.IsPresent)) return;
            var requestId = Call(SaeOperations.DeleteSecret(endpoint, NamespaceId, SecretId));
            if (VerboseEnabled) WriteVerbose("DeleteSecret " + identity + " succeeded, RequestId " + requestId);
        }
    }
}
