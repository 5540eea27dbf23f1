using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>Tab completion of -RegionId from the regions in the official endpoint map.</summary>
    internal sealed class RegionIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (var region in SaeEndpoint.KnownRegions)
            {
                if (region.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(region, region, CompletionResultType.ParameterValue, "sae." + region + ".aliyuncs.com");
                }
            }
        }
    }
}
