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
    public sealed class UpdateSaeSecretCommand : SaeApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
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

        /// <summary>Read the secret and overlay the given keys instead of replacing the whole map; $null removes a key.</summary>
        [Parameter]
        public SwitchParameter Merge { get; set; }

        protected override void ProcessRecord()
        {
            var identity = new SecretIdentity(NamespaceId, SecretId);
            Run(() => identity, () =>
            {
                SaeEndpoint.RegionOf(NamespaceId);
                SecretIdRule.Check(SecretId);
                var endpoint = EndpointForNamespace(NamespaceId);
                var entries = SecretDataEntries.Of(SecretData);
                if (Merge.IsPresent)
                {
                    UpdateMerged(endpoint, identity, entries);
                    return;
                }

                var data = SecretDataEncoder.Encode(entries, Base64Encoded.IsPresent);
                var keys = string.Join(", ", data.Keys);
                if (!ShouldProcess(identity.ToString(), ReplaceMessage(endpoint, data)))
                {
                    return;
                }
                Write(Call(SaeOperations.UpdateSecret(endpoint, NamespaceId, SecretId, data), "keys: " + keys));
            });
        }

        /// <summary>Read, overlay, write the whole map: not atomic (the API has no version check).</summary>
        private void UpdateMerged(System.Uri endpoint, SecretIdentity identity, List<KeyValuePair<string, object?>>? entries)
        {
            var patch = SecretDataPatch.Encode(entries, Base64Encoded.IsPresent);
            var current = Call(SaeOperations.DescribeSecret(endpoint, NamespaceId, SecretId));
            var merged = patch.ApplyTo(current.Data);
            var diff = SecretDataDiff.Between(current.Data, merged);
            if (!ShouldProcess(identity.ToString(), "Update the secret's data (" + diff + ")"))
            {
                return;
            }
            var result = Call(SaeOperations.UpdateSecret(endpoint, NamespaceId, SecretId, merged), "keys: " + string.Join(", ", merged.Keys));
            result.RelateApps = current.Info.RelateApps;
            if (diff.HasChanges) WarnAboutRestart(identity.ToString(), current.Info.SecretName, current.Info.RelateApps);
            Write(result);
        }

        /// <summary>
        /// The -WhatIf / -Confirm text of a replace: key by key when the current data can be read (only read when the
        /// message will be shown), else the key names and why the comparison is missing.
        /// </summary>
        private string ReplaceMessage(System.Uri endpoint, EncodedSecretData data)
        {
            if (!ShouldProcessWillShow(ConfirmImpact.Medium)) return "Replace the secret's data with keys: " + string.Join(", ", data.Keys);
            try
            {
                var current = Call(SaeOperations.DescribeSecret(endpoint, NamespaceId, SecretId));
                return "Update the secret's data (" + SecretDataDiff.Between(current.Data, data) + ")";
            }
            catch (SaeServiceException ex)
            {
                return "Replace the secret's data with keys: " + string.Join(", ", data.Keys) + " (the current data could not be read: " + ex.ErrorCode + ")";
            }
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
