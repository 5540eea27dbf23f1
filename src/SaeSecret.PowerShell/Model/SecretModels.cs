using System;
using System.Collections.Specialized;
using System.Globalization;

namespace SaeSecret
{
    /// <summary>
    /// An application that uses a secret (RelateApps). It carries the secret's region and namespace, so
    /// <c>(Get-SaeSecret ns -SecretName x).RelateApps | Restart-SaeApplication</c> needs no -RegionId.
    /// </summary>
    public sealed class SecretApp
    {
        public string? AppId { get; internal set; }
        public string? AppName { get; internal set; }
        public string? RegionId { get; internal set; }
        public string? NamespaceId { get; internal set; }

        public override string ToString() => AppName + " (" + AppId + ")";
    }

    /// <summary>A secret as ListSecrets describes it: no values. What Get-SaeSecret and New-SaeSecret write.</summary>
    public class SecretInfo
    {
        public string NamespaceId { get; internal set; } = null!;
        public long SecretId { get; internal set; }
        public string? SecretName { get; internal set; }
        public string? SecretType { get; internal set; }
        public SecretApp[] RelateApps { get; internal set; } = Array.Empty<SecretApp>();

        /// <summary>UTC; null when the service did not say (a secret just created).</summary>
        public DateTime? CreateTime { get; internal set; }

        /// <summary>UTC; null when the service did not say (a secret just created).</summary>
        public DateTime? UpdateTime { get; internal set; }

        public override string ToString() =>
            NamespaceId + "/" + SecretId.ToString(CultureInfo.InvariantCulture) + " (" + SecretName + ", " + SecretType + ")";
    }

    /// <summary>
    /// A secret with its data, as Get-SaeSecret -SecretId writes it. SecretData maps each key to a SecureString (or a
    /// string with -AsPlainText); a value that is not valid UTF-8 is a byte[] either way.
    /// </summary>
    public sealed class Secret : SecretInfo
    {
        public OrderedDictionary SecretData { get; internal set; } = new OrderedDictionary(StringComparer.Ordinal);

        public override string ToString() => base.ToString() + ", " + SecretData.Count.ToString(CultureInfo.InvariantCulture) + " keys";
    }

    /// <summary>What Set-SaeSecret did to one secret.</summary>
    public enum SetSecretAction
    {
        Created,
        Updated,
        Unchanged,
    }

    /// <summary>What Set-SaeSecret writes for each record.</summary>
    public sealed class SetSecretResult : SecretChangeRecord
    {
        public string NamespaceId { get; internal set; } = null!;
        public long SecretId { get; internal set; }
        public string SecretName { get; internal set; } = null!;
        public string SecretType { get; internal set; } = null!;
        public SetSecretAction Action { get; internal set; }

        /// <summary>The RequestId of the write; null when nothing was written.</summary>
        public string? RequestId { get; internal set; }

        /// <summary>The applications using the secret (they see new data only after a restart or redeployment).</summary>
        public SecretApp[] RelateApps { get; internal set; } = Array.Empty<SecretApp>();

        public override string ToString() => NamespaceId + "/" + SecretId.ToString(CultureInfo.InvariantCulture) + " " + SecretName + ": " + Action;
    }

    /// <summary>An SAE namespace, as Get-SaeNamespace writes it.</summary>
    public sealed class SaeNamespace
    {
        public string? NamespaceId { get; internal set; }
        public string? NamespaceName { get; internal set; }
        public string? RegionId { get; internal set; }
        public string? NameSpaceShortId { get; internal set; }
        public string? VpcId { get; internal set; }
        public bool Custom { get; internal set; }

        public override string? ToString() => NamespaceId;
    }
}
