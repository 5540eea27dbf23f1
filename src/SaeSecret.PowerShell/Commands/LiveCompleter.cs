using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using SaeSecret.PowerShell.Api;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// The base of the completers that ask SAE (<see cref="NamespaceIdCompleter"/>, <see cref="SecretNameCompleter"/>):
    /// reads -Endpoint, -ProfileName, -RegionId, -NamespaceId and -Credential from the command line typed so far, looks up
    /// through <see cref="ArgumentLookup"/> (at most 3 s, cached per runspace for 60 s) and offers the matching ids,
    /// quoted where needed. It never prompts, never writes (no error reaches $Error) and never shows a secret value:
    /// anything that goes wrong means no completions.
    /// </summary>
    internal abstract class LiveCompleter : IArgumentCompleter
    {
        private static readonly ConditionalWeakTable<Runspace, CompletionCache> Caches = new ConditionalWeakTable<Runspace, CompletionCache>();
        private static readonly CompletionCache NoRunspaceCache = new CompletionCache();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var items = Lookup(ScopeOf(fakeBoundParameters), CacheOfThisRunspace(), ArgumentLookup.Budget);
                return items == null ? Array.Empty<CompletionResult>() : Matching(items, wordToComplete);
            }
            catch (Exception)
            {
                // A completer has no error stream: whatever failed, the user just gets no completions.
                return Array.Empty<CompletionResult>();
            }
        }

        /// <summary>The values to offer, or null when they could not be listed.</summary>
        internal abstract IReadOnlyList<CompletionItem>? Lookup(ArgumentLookupScope scope, CompletionCache cache, TimeSpan budget);

        internal static CompletionCache CacheOfThisRunspace()
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace == null ? NoRunspaceCache : Caches.GetValue(runspace, _ => new CompletionCache());
        }

        /// <summary>Drops this runspace's cache (tests start from a clean slate through reflection).</summary>
        internal static void ForgetThisRunspace()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace != null) Caches.Remove(runspace);
        }

        private static List<CompletionResult> Matching(IReadOnlyList<CompletionItem> items, string? wordToComplete)
        {
            var typed = CompletionText.Unquoted(wordToComplete);
            var pattern = WildcardPattern.ContainsWildcardCharacters(typed)
                ? new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)
                : null;
            var results = new List<CompletionResult>();
            foreach (var item in items)
            {
                bool matches = pattern != null ? pattern.IsMatch(item.Value) : item.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
                if (!matches) continue;
                results.Add(new CompletionResult(CompletionText.For(item.Value, wordToComplete), item.Value, CompletionResultType.ParameterValue, item.Description));
            }
            return results;
        }

        private static ArgumentLookupScope ScopeOf(IDictionary? bound)
        {
            var scope = new ArgumentLookupScope
            {
                ProfileName = Text(bound, "ProfileName"),
                RegionId = Text(bound, "RegionId"),
                NamespaceId = Text(bound, "NamespaceId"),
            };
            var endpoint = Value(bound, "Endpoint");
            if (endpoint is Uri uri)
            {
                scope.Endpoint = uri;
            }
            else if (endpoint != null)
            {
                // A typed -Endpoint that is not a URL: nothing to ask (not the default endpoint instead).
                scope.Endpoint = Uri.TryCreate(endpoint.ToString(), UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException("-Endpoint is not a URL.");
            }
            if (Value(bound, "Credential") is PSCredential credential)
            {
                // An empty one throws CredentialsInvalid, which (like every failure here) means no completions.
                scope.Credentials = CredentialParameters.FromCredential(credential, Value(bound, "SecurityToken") as System.Security.SecureString);
                scope.CredentialKey = credential.UserName;
            }
            return scope;
        }

        private static object? Value(IDictionary? bound, string name)
        {
            if (bound == null || !bound.Contains(name)) return null;
            var value = bound[name];
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        private static string? Text(IDictionary? bound, string name)
        {
            var value = Value(bound, name);
            if (value == null) return null;
            if (!(value is string text)) throw new ArgumentException("-" + name + " is not one text.");
            return text.Length == 0 ? null : text;
        }
    }

    /// <summary>-NamespaceId: the namespaces of -RegionId, else of the default region (DescribeNamespaceList).</summary>
    internal sealed class NamespaceIdCompleter : LiveCompleter
    {
        internal override IReadOnlyList<CompletionItem>? Lookup(ArgumentLookupScope scope, CompletionCache cache, TimeSpan budget) =>
            ArgumentLookup.Namespaces(scope, cache, budget);
    }

    /// <summary>-SecretName: the secrets of the -NamespaceId typed (ListSecrets); nothing without one.</summary>
    internal sealed class SecretNameCompleter : LiveCompleter
    {
        internal override IReadOnlyList<CompletionItem>? Lookup(ArgumentLookupScope scope, CompletionCache cache, TimeSpan budget) =>
            ArgumentLookup.SecretNames(scope, cache, budget);
    }
}
