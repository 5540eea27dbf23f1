using System;
using System.Collections.Specialized;
using System.Globalization;

namespace SaeSecret
{
    /// <summary>
    /// One Kubernetes Secret read from a manifest, as ConvertFrom-SaeSecretManifest writes it. Its properties bind by name
    /// to New-SaeSecret and Set-SaeSecret (NamespaceId, SecretName, SecretType, SecretData). SecretData maps each key to
    /// the value's bytes (data values decoded from base64, stringData text as UTF-8), read-only; the table view lists
    /// key names only.
    /// </summary>
    public sealed class SecretManifest
    {
        internal SecretManifest(string? namespaceId, string secretName, string secretType, OrderedDictionary data, string source)
        {
            NamespaceId = namespaceId;
            SecretName = secretName;
            SecretType = secretType;
            SecretData = data.AsReadOnly();
            Source = source;
        }

        /// <summary>-NamespaceId when given; else metadata.namespace where it is an SAE NamespaceId; else null.</summary>
        public string? NamespaceId { get; }

        public string SecretName { get; }

        /// <summary>Opaque, kubernetes.io/dockerconfigjson or kubernetes.io/tls (Opaque when the manifest has no type).</summary>
        public string SecretType { get; }

        /// <summary>Key → byte[] (read-only), in the manifest's order.</summary>
        public OrderedDictionary SecretData { get; }

        /// <summary>Where the Secret was read: "&lt;file&gt;, document &lt;n&gt;" (the first document is 1).</summary>
        public string Source { get; }

        public override string ToString() =>
            (NamespaceId == null ? string.Empty : NamespaceId + "/") + SecretName + " (" + SecretType + ", " +
            SecretData.Count.ToString(CultureInfo.InvariantCulture) + " keys)";
    }
}
