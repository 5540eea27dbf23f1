using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>What the command line being completed says about where to look (the parameters typed so far).</summary>
    internal sealed class ArgumentLookupScope
    {
        public Uri? Endpoint { get; set; }
        public string? ProfileName { get; set; }
        public string? RegionId { get; set; }
        public string? NamespaceId { get; set; }

        /// <summary>A key typed with -Credential, or null for the default chain (or -ProfileName).</summary>
        public ICredentialProvider? Credentials { get; set; }

        /// <summary>Which key <see cref="Credentials"/> is (its AccessKeyId), so answers for another key are not reused.</summary>
        public string? CredentialKey { get; set; }
    }

    /// <summary>
    /// Live lookups for tab completion: the namespaces of a region, the secret names of a namespace. Each one is
    /// bounded (<see cref="Budget"/>, credentials included), sends once without retrying, never throws and never writes:
    /// null means nothing could be listed. Answers are kept in a <see cref="CompletionCache"/>.
    /// </summary>
    internal static class ArgumentLookup
    {
        public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

        /// <summary>The namespaces of -RegionId, else the default region (DescribeNamespaceList); null when unknown.</summary>
        public static IReadOnlyList<CompletionItem>? Namespaces(ArgumentLookupScope scope, CompletionCache cache, TimeSpan budget, SaeClient? client = null)
        {
            string region;
            Uri endpoint;
            try
            {
                var resolver = new EndpointResolver(scope.Endpoint, scope.ProfileName);
                region = resolver.Region(scope.RegionId, out _);
                endpoint = resolver.ForRegion(region);
            }
            catch (Exception)
            {
                return null;
            }
            return Cached(cache, Key("DescribeNamespaceList", endpoint, region, scope), () => Bounded(async token =>
            {
                var namespaces = await Send(SaeOperations.DescribeNamespaceList(endpoint, region), scope, budget, client, token).ConfigureAwait(false);
                var items = new List<CompletionItem>();
                foreach (var ns in namespaces)
                {
                    if (string.IsNullOrEmpty(ns.NamespaceId)) continue;
                    // As Get-SaeNamespace: a shared endpoint (-Endpoint) may list other regions too.
                    if (!string.IsNullOrEmpty(ns.RegionId) && !string.Equals(ns.RegionId, region, StringComparison.OrdinalIgnoreCase)) continue;
                    items.Add(new CompletionItem(ns.NamespaceId!, string.IsNullOrEmpty(ns.NamespaceName) || ns.NamespaceName == ns.NamespaceId
                        ? ns.NamespaceId : ns.NamespaceName + " (" + ns.NamespaceId + ")"));
                }
                return (IReadOnlyList<CompletionItem>)items;
            }, budget));
        }

        /// <summary>The secret names of -NamespaceId (ListSecrets); null when unknown.</summary>
        public static IReadOnlyList<CompletionItem>? SecretNames(ArgumentLookupScope scope, CompletionCache cache, TimeSpan budget, SaeClient? client = null)
        {
            var namespaceId = scope.NamespaceId;
            if (string.IsNullOrWhiteSpace(namespaceId)) return null;
            Uri endpoint;
            try
            {
                endpoint = new EndpointResolver(scope.Endpoint, scope.ProfileName).ForNamespace(namespaceId!, scope.RegionId);
            }
            catch (Exception)
            {
                return null;
            }
            return Cached(cache, Key("ListSecrets", endpoint, namespaceId!, scope), () => Bounded(async token =>
            {
                var secrets = await Send(SaeOperations.ListSecrets(endpoint, namespaceId!), scope, budget, client, token).ConfigureAwait(false);
                var items = new List<CompletionItem>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var secret in secrets)
                {
                    if (string.IsNullOrEmpty(secret.SecretName) || !seen.Add(secret.SecretName!)) continue;
                    items.Add(new CompletionItem(secret.SecretName!, secret.SecretName + " (" + (secret.SecretType ?? "secret") + ", SecretId " +
                        SaeOperations.Text(secret.SecretId) + ")"));
                }
                items.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Value, b.Value));
                return (IReadOnlyList<CompletionItem>)items;
            }, budget));
        }

        /// <summary>
        /// Runs the work on the thread pool and waits at most <paramref name="budget"/>: its result, or null when it failed
        /// or took longer (it is then cancelled, and its failure observed so it never surfaces anywhere).
        /// </summary>
        public static T? Bounded<T>(Func<CancellationToken, Task<T>> work, TimeSpan budget) where T : class
        {
            var cancellation = new CancellationTokenSource();
            Task<T> task;
            try
            {
                task = Task.Run(() => work(cancellation.Token), cancellation.Token);
            }
            catch (Exception)
            {
                cancellation.Dispose();
                return null;
            }
            task.ContinueWith(t =>
            {
                _ = t.Exception;
                cancellation.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                if (task.Wait(budget)) return task.Result;
            }
            catch (Exception)
            {
                return null;
            }
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile.
            }
            return null;
        }

        private static IReadOnlyList<CompletionItem>? Cached(CompletionCache cache, string key, Func<IReadOnlyList<CompletionItem>?> lookup)
        {
            if (cache.TryGet(key, out var cached)) return cached;
            var items = lookup();
            if (items != null) cache.Set(key, items);
            return items;
        }

        /// <summary>
        /// What the answer depends on: the call, where it goes, and whose key (-Credential's AccessKeyId, or for the
        /// default chain -ProfileName and the environment's key id and profile). Never a secret.
        /// </summary>
        private static string Key(string action, Uri endpoint, string what, ArgumentLookupScope scope) =>
            string.Join("\n", action, endpoint.AbsoluteUri, what, scope.ProfileName ?? string.Empty,
                scope.Credentials != null ? "key:" + scope.CredentialKey
                    : "chain:" + CredentialEnvironmentVariables.Get(EnvironmentCredentialProvider.AccessKeyIdVariable) + ":" +
                      CredentialEnvironmentVariables.Get(CredentialEnvironmentVariables.Profile));

        private static Task<TResult> Send<TResult>(SaeOperation<TResult> operation, ArgumentLookupScope scope, TimeSpan budget, SaeClient? client, CancellationToken token)
        {
            // Built here, on the pool thread: even reading profile files counts against the budget.
            var credentials = scope.Credentials ?? CredentialChain.CreateDefault(scope.ProfileName);
            var sender = client ?? new SaeClient(SharedHttp.Client);
            return sender.SendAsync(operation, credentials, new RetryPolicy { MaxRetries = 0, Timeout = budget }, null, token);
        }
    }
}
