using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Update-SaeSecret: replaces the data of an SAE Secret (UpdateSecret API); with -Merge, reads it first and overlays
    /// the given keys ($null removes a key).
    /// </summary>
    [Cmdlet(VerbsData.Update, "SaeSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(UpdateSecretResult))]
    public sealed class UpdateSaeSecretCommand : SaeSecretWriteCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(NamespaceIdCompleter))]
        public string NamespaceId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SecretIdTransformation]
        public long SecretId { get; set; }

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        [SecretDataTransformation]
        public IDictionary? SecretData { get; set; }

        [Parameter]
        public SwitchParameter Base64Encoded { get; set; }

        /// <summary>After the last record, restart the applications of the secrets that changed (once each) and wait for them.</summary>
        [Parameter]
        public SwitchParameter RestartApplications { get; set; }

        private protected override bool RestartRequested => RestartApplications.IsPresent;

        /// <summary>Read the secret and overlay the given keys instead of replacing the whole map; $null removes a key.</summary>
        [Parameter]
        public SwitchParameter Merge { get; set; }

        protected override object? RecordTarget() => new SecretIdentity(NamespaceId, SecretId);

        protected override void ProcessOne()
        {
            var target = NamespaceId + "/" + SecretId.ToString(CultureInfo.InvariantCulture);
            var endpoint = Endpoints.ForNamespace(NamespaceId, RegionId);
            SecretIdRule.Check(SecretId);
            var desired = DesiredSecretData.From(SecretDataEntries.Of(SecretData), Merge.IsPresent, Base64Encoded.IsPresent);

            // A merge needs the stored data (read, overlay, write the whole map: not atomic, the API has no version check);
            // a replace reads it only when the What-if / Confirm text will show, to say key by key what changes.
            DescribedSecret? current = null;
            string? notRead = null;
            if (Merge.IsPresent || RestartApplications.IsPresent)
            {
                // -RestartApplications needs the secret's applications: one read per record.
                current = Call(SaeOperations.DescribeSecret(endpoint, NamespaceId, SecretId));
            }
            else if (ShouldProcessWillShow())
            {
                try
                {
                    current = Call(SaeOperations.DescribeSecret(endpoint, NamespaceId, SecretId));
                }
                catch (SaeServiceException ex)
                {
                    notRead = ex.ErrorCode;
                }
            }
            var plan = SecretWritePlan.Decide(null, desired, true, null, current?.Data, writeWhenUnchanged: true, NamespaceId, null);
            // -Merge and -RestartApplications name the applications (a replace that read the data only for What-if does not).
            var result = Update(endpoint, NamespaceId, SecretId, plan, target, Merge.IsPresent || RestartApplications.IsPresent ? current?.Info : null, notRead);
            if (result != null) Write(result);
        }

        private void Write(UpdateSecretResult result)
        {
            if (VerboseEnabled)
            {
                WriteVerbose("UpdateSecret " + NamespaceId + "/" + SecretId.ToString(CultureInfo.InvariantCulture) + " succeeded, RequestId " + result.RequestId);
            }
            if (result.ServerSecretId.HasValue && result.ServerSecretId.Value != result.SecretId)
            {
                WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "UpdateSecret was asked to update secret {0} but the service answered with SecretId {1} (RequestId {2}). The result reports the secret that was asked for; check both secrets.",
                    result.SecretId, result.ServerSecretId.Value, result.RequestId));
            }
            WriteObject(result);
        }
    }
}
