using System;
using System.Collections;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>New-SaeSecret: creates a secret (CreateSecret) and writes its description with the new SecretId.</summary>
    [Cmdlet(VerbsCommon.New, "SaeSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SecretInfo))]
    public sealed class NewSaeSecretCommand : SaeSecretWriteCmdlet
    {
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

        [Parameter]
        public SwitchParameter Base64Encoded { get; set; }

        protected override object? RecordTarget() => NamespaceId + "/" + SecretName;

        protected override void ProcessOne()
        {
            SecretRules.CheckName(SecretName);
            var type = SecretRules.NormalizeType(SecretType);
            var endpoint = Endpoints.ForNamespace(NamespaceId, RegionId);
            var desired = DesiredSecretData.From(SecretDataEntries.Of(SecretData), merge: false, Base64Encoded.IsPresent);
            var plan = SecretWritePlan.Decide(type, desired, present: false, null, null, false, NamespaceId, SecretName);
            var created = Create(endpoint, NamespaceId, SecretName, type, plan, NamespaceId + "/" + SecretName);
            if (created == null) return;
            WriteObject(new SecretInfo { NamespaceId = NamespaceId, SecretId = created.SecretId, SecretName = SecretName, SecretType = type });
        }
    }

    /// <summary>Tab completion for -SecretType: the three types SAE knows.</summary>
    internal sealed class SecretTypeCompleter : IArgumentCompleter
    {
        public System.Collections.Generic.IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            foreach (var type in SecretRules.Types)
            {
                if (type.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                {
                    var text = type.Contains("/") ? "'" + type + "'" : type;
                    yield return new CompletionResult(text, type, CompletionResultType.ParameterValue, type);
                }
            }
        }
    }
}
