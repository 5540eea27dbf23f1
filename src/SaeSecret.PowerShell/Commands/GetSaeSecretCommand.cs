using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>Get-SaeSecret: lists a namespace's secrets (ListSecrets), or describes one with its data (DescribeSecret).</summary>
    [Cmdlet(VerbsCommon.Get, "SaeSecret", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(SecretInfo), ParameterSetName = new[] { ListSet })]
    [OutputType(typeof(Secret), ParameterSetName = new[] { DescribeSet })]
    public sealed class GetSaeSecretCommand : SaeApiCmdlet
    {
        public const string ListSet = "List";
        public const string DescribeSet = "Describe";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(NamespaceIdCompleter))]
        public string NamespaceId { get; set; } = null!;

        /// <summary>
        /// Names or wildcard patterns; named only (position 1 is -SecretId) and not bound from the pipeline, so a listed
        /// secret piped back in is described.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("Name")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
        public string?[]? SecretName { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DescribeSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SecretIdTransformation]
        public long SecretId { get; set; }

        [Parameter(ParameterSetName = DescribeSet)]
        public SwitchParameter AsPlainText { get; set; }

        protected override object? RecordTarget() =>
            ParameterSetName == DescribeSet ? new SecretIdentity(NamespaceId, SecretId) : (object)NamespaceId;

        protected override void ProcessOne()
        {
            var endpoint = Endpoints.ForNamespace(NamespaceId, RegionId);
            if (ParameterSetName == DescribeSet)
            {
                SecretIdRule.Check(SecretId);
                var described = Call(SaeOperations.DescribeSecret(endpoint, NamespaceId, SecretId));
                WriteObject(StoredSecretValues.ToSecret(described, AsPlainText.IsPresent));
                return;
            }

            var secrets = Call(SaeOperations.ListSecrets(endpoint, NamespaceId));
            if (SecretName == null || SecretName.Length == 0)
            {
                WriteObject(secrets, true);
                return;
            }
            var patterns = SecretName.Select(n => new WildcardPattern(n ?? string.Empty, WildcardOptions.IgnoreCase)).ToArray();
            WriteObject(secrets.Where(s => patterns.Any(p => p.IsMatch(s.SecretName ?? string.Empty))), true);
            foreach (var name in SecretName.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                if (!secrets.Any(s => string.Equals(s.SecretName, name, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException("No secret named '" + name + "' in namespace " + NamespaceId + "."),
                        ErrorIds.SecretNameNotFound, ErrorCategoryMap.For(ErrorIds.SecretNameNotFound), name));
                }
            }
        }
    }
}
