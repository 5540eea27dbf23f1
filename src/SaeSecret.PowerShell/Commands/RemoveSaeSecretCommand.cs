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
        public string NamespaceId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SecretIdTransformation]
        public long SecretId { get; set; }

        /// <summary>Skips the confirmation prompt; never -WhatIf.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var identity = new SecretIdentity(NamespaceId, SecretId);
            Run(() => identity, () =>
            {
                SaeEndpoint.RegionOf(NamespaceId);
                SecretIdRule.Check(SecretId);
                var endpoint = EndpointForNamespace(NamespaceId);
                // -Force skips the prompt, but only ShouldProcess knows about -WhatIf, so it is asked whenever -WhatIf is on.
                bool confirmed = Force.IsPresent && !WhatIfEnabled && !MyInvocation.BoundParameters.ContainsKey("Confirm")
                    ? true
                    : ShouldProcess(identity.ToString(), "Delete the secret");
                if (!confirmed) return;
                var requestId = Call(SaeOperations.DeleteSecret(endpoint, NamespaceId, SecretId));
                if (VerboseEnabled) WriteVerbose("DeleteSecret " + identity + " succeeded, RequestId " + requestId);
            });
        }
    }
}
