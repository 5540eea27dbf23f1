using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Set-SaeSecret: desired state by name. Creates the secret when the namespace has none of that name; otherwise
    /// writes only when the data differs (after merging with -Merge). One ListSecrets per namespace per pipeline.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "SaeSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SetSecretResult))]
    public sealed class SetSaeSecretCommand : SaeApiCmdlet
    {
        private readonly Dictionary<string, List<SecretInfo>> _listed = new Dictionary<string, List<SecretInfo>>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string NamespaceId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [AllowEmptyString]
        public string SecretName { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        [SecretDataTransformation]
        public IDictionary? SecretData { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Type")]
        [ArgumentCompleter(typeof(SecretTypeCompleter))]
        public string? SecretType { get; set; }

        /// <summary>Overlay the given keys on a present secret's data ($null removes a key) instead of replacing it.</summary>
        [Parameter]
        public SwitchParameter Merge { get; set; }

        [Parameter]
        public SwitchParameter Base64Encoded { get; set; }

        protected override void ProcessRecord()
        {
            var target = NamespaceId + "/" + SecretName;
            Run(() => target, () =>
            {
                SaeEndpoint.RegionOf(NamespaceId);
                SecretRules.CheckName(SecretName);
                var type = SecretRules.NormalizeType(SecretType);
                var endpoint = EndpointForNamespace(NamespaceId);
                var entries = SecretDataEntries.Of(SecretData);
                var patch = Merge.IsPresent ? SecretDataPatch.Encode(entries, Base64Encoded.IsPresent) : null;
                var replacement = Merge.IsPresent ? null : SecretDataEncoder.Encode(entries, Base64Encoded.IsPresent);

                var listKey = endpoint.AbsoluteUri + "\n" + NamespaceId;
                if (!_listed.TryGetValue(listKey, out var secrets))
                {
                    secrets = Call(SaeOperations.ListSecrets(endpoint, NamespaceId));
                    _listed[listKey] = secrets;
                }
                var present = secrets.FirstOrDefault(s => string.Equals(s.SecretName, SecretName, StringComparison.Ordinal));

                if (present == null)
                {
                    var data = replacement ?? patch!.Set ?? throw new SaeInputException(ErrorIds.SecretDataEmpty,
                        "There is no secret '" + SecretName + "' in " + NamespaceId + " to remove keys from, and SecretData names no key to set, so there is nothing to create.", "SecretData");
                    SecretRules.CheckRequiredKeys(type, data.Keys);
                    if (!ShouldProcess(target, "Create the secret as " + type + " (" + SecretDataDiff.Creating(data) + ")")) return;
                    var created = Call(SaeOperations.CreateSecret(endpoint, NamespaceId, SecretName, type, data), "keys: " + string.Join(", ", data.Keys));
                    secrets.Add(new SecretInfo { NamespaceId = NamespaceId, SecretId = created.SecretId, SecretName = SecretName, SecretType = type });
                    WriteObject(Result(created.SecretId, type, SetSecretAction.Created, created.RequestId, Array.Empty<SecretApp>()));
                    return;
                }

                if (!string.Equals(present.SecretType, type, StringComparison.Ordinal))
                {
                    throw new SaeInputException(ErrorIds.SecretTypeMismatch,
                        "The secret '" + SecretName + "' in " + NamespaceId + " is of type " + present.SecretType + ", not " + type +
                        ". SAE cannot change a secret's type: pass -SecretType " + present.SecretType + ", or remove the secret and create it again.", "SecretType");
                }
                var current = Call(SaeOperations.DescribeSecret(endpoint, NamespaceId, present.SecretId));
                var desired = patch != null ? patch.ApplyTo(current.Data) : replacement!;
                SecretRules.CheckRequiredKeys(type, desired.Keys);
                var apps = current.Info.RelateApps ?? Array.Empty<SecretApp>();
                var diff = SecretDataDiff.Between(current.Data, desired);
                if (!diff.HasChanges)
                {
                    WriteObject(Result(present.SecretId, type, SetSecretAction.Unchanged, null, apps));
                    return;
                }
                var identity = NamespaceId + "/" + present.SecretId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!ShouldProcess(target + " (" + identity + ")", "Update the secret's data (" + diff + ")")) return;
                var result = Call(SaeOperations.UpdateSecret(endpoint, NamespaceId, present.SecretId, desired), "keys: " + string.Join(", ", desired.Keys));
                WarnAboutRestart(identity, SecretName, apps);
                WriteObject(Result(present.SecretId, type, SetSecretAction.Updated, result.RequestId, apps));
            });
        }

        private SetSecretResult Result(long id, string type, SetSecretAction action, string? requestId, SecretApp[] apps) => new SetSecretResult
        {
            NamespaceId = NamespaceId,
            SecretId = id,
            SecretName = SecretName,
            SecretType = type,
            Action = action,
            RequestId = requestId,
            RelateApps = apps,
        };
    }
}
