using System;
using System.Collections.Generic;

namespace SaeSecret.PowerShell.Manifests
{
    /// <summary>
    /// The manifest kubectl would print for a Secret (<c>kubectl get secret -o yaml</c> without the server's fields):
    /// apiVersion v1, kind Secret, metadata with name and, when known, namespace (the SAE NamespaceId), type, and data
    /// with base64 values; every mapping's keys in kubectl's order (<see cref="KubectlKeyOrder"/>). kubectl's
    /// <c>creationTimestamp: null</c>, which a client-side dry run adds, is left out: it says nothing.
    /// </summary>
    internal static class ManifestWriter
    {
        public static IList<KeyValuePair<string, object>> Document(string? namespaceId, string name, string type, IEnumerable<KeyValuePair<string, string>> base64Data)
        {
            var data = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var pair in base64Data) data.Add(pair.Key, pair.Value);
            var metadata = new Dictionary<string, object>(StringComparer.Ordinal) { ["name"] = name };
            if (namespaceId != null) metadata["namespace"] = namespaceId;
            return Ordered(new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = Ordered(metadata),
                ["type"] = type,
                ["data"] = Ordered(data),
            });
        }

        private static IList<KeyValuePair<string, object>> Ordered(Dictionary<string, object> mapping)
        {
            var ordered = new List<KeyValuePair<string, object>>(mapping.Count);
            foreach (var key in KubectlKeyOrder.Sort(mapping.Keys)) ordered.Add(new KeyValuePair<string, object>(key, mapping[key]));
            return ordered;
        }
    }
}
