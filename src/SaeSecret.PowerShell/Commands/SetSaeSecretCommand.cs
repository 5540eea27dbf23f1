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
    public sealed class SetSaeSecretCommand : SaeSecretWriteCmdlet
    {
        private readonly Dictionary<string, List<SecretInfo>> _listed = new Dictionary<string, List<SecretInfo>>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(NamespaceIdCompleter))]
        public string NamespaceId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
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

        /// <summary>After the last record, restart the applications of the secrets that changed (once each) and wait for them.</summary>
        [Parameter]
        public SwitchParameter RestartApplications { get; set; }

        private protected override bool RestartRequested => RestartApplications.IsPresent;

        protected override object? RecordTarget() => NamespaceId + "/" + SecretName;

        protected override void ProcessOne()
        {
            var target = NamespaceId + "/" + SecretName;
            SecretRules.CheckName(SecretName);
            var type = SecretRules.NormalizeType(SecretType);
            var endpoint = Endpoints.ForNamespace(NamespaceId, RegionId);
            var desired = DesiredSecretData.From(SecretDataEntries.Of(SecretData), Merge.IsPresent, Base64Encoded.IsPresent);

            var listKey = endpoint.AbsoluteUri + "\n" + NamespaceId;
            if (!_listed.TryGetValue(listKey, out var secrets))
            {
                secrets = Call(SaeOperations.ListSecrets(endpoint, NamespaceId));
                _listed[listKey] = secrets;
            }
            var present = secrets.FirstOrDefault(s => string.Equals(s.SecretName, SecretName, StringComparison.Ordinal));
            // The stored data is read only when it can matter: a present secret of the right type.
            var current = present != null && string.Equals(present.SecretType, type, StringComparison.Ordinal)
                ? Call(SaeOperations.DescribeSecret(endpoint, NamespaceId, present.SecretId))
                : null;
            var plan = SecretWritePlan.Decide(type, desired, present != null, present?.SecretType, current?.Data, false, NamespaceId, SecretName);
            switch (plan.Kind)
            {
                case SecretWriteKind.TypeMismatch:
                    throw plan.TypeMismatchError(NamespaceId, SecretName, type);
                case SecretWriteKind.Create:
                    var created = Create(endpoint, NamespaceId, SecretName, type, plan, target);
                    if (created == null) return;
                    secrets.Add(new SecretInfo { NamespaceId = NamespaceId, SecretId = created.SecretId, SecretName = SecretName, SecretType = type });
                    WriteObject(WithChanges(Result(created.SecretId, type, SetSecretAction.Created, created.RequestId, Array.Empty<SecretApp>()), plan));
                    return;
                case SecretWriteKind.Unchanged:
                    WriteObject(WithChanges(Result(present!.SecretId, type, SetSecretAction.Unchanged, null, current!.Info.RelateApps ?? Array.Empty<SecretApp>()), plan));
                    return;
                default:
                    var identity = NamespaceId + "/" + present!.SecretId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var written = Update(endpoint, NamespaceId, present.SecretId, plan, target + " (" + identity + ")", current!.Info);
                    if (written == null) return;
                    WriteObject(WithChanges(Result(present.SecretId, type, SetSecretAction.Updated, written.RequestId, current.Info.RelateApps ?? Array.Empty<SecretApp>()), plan));
                    return;
            }
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
