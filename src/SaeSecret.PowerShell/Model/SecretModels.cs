using System;
using System.Collections.Specialized;
using System.Globalization;

namespace SaeSecret
{
    /// <summary>An application that uses a secret (RelateApps).</summary>
    public sealed class SecretApp
    {
        public string? AppId { get; set; }
        public string? AppName { get; set; }

        public override string ToString() => AppName + " (" + AppId + ")";
    }

    /// <summary>A secret as ListSecrets describes it: no values. What Get-SaeSecret and New-SaeSecret write.</summary>
    public class SecretInfo
    {
        public string NamespaceId { get; set; } = null!;
        public long SecretId { get; set; }
        public string? SecretName { get; set; }
        public string? SecretType { get; set; }
        public SecretApp[] RelateApps { get; set; } = Array.Empty<SecretApp>();

        /// <summary>UTC; null when the service did not say (a secret just created).</summary>
        public DateTime? CreateTime { get; set; }

        /// <summary>UTC; null when the service did not say (a secret just created).</summary>
        public DateTime? UpdateTime { get; set; }

        public override string ToString() =>
            NamespaceId + "/" + SecretId.ToString(CultureInfo.InvariantCulture) + " (" + SecretName + ", " + SecretType + ")";
    }

    /// <summary>
    /// A secret with its data, as Get-SaeSecret -SecretId writes it. SecretData maps each key to a SecureString (or a
    /// string with -AsPlainText); a value that is not valid UTF-8 is a byte[] either way.
    /// </summary>
    public sealed class Secret : SecretInfo
    {
        public OrderedDictionary SecretData { get; set; } = new OrderedDictionary(StringComparer.Ordinal);

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
    public sealed class SetSecretResult
    {
        public string NamespaceId { get; set; } = null!;
        public long SecretId { get; set; }
        public string SecretName { get; set; } = null!;
        public string SecretType { get; set; } = null!;
        public SetSecretAction Action { get; set; }

        /// <summary>The RequestId of the write; null when nothing was written.</summary>
        public string? RequestId { get; set; }

        /// <summary>The applications using the secret (they see new data only after a restart or redeployment).</summary>
        public SecretApp[] RelateApps { get; set; } = Array.Empty<SecretApp>();

        public override string ToString() => NamespaceId + "/" + SecretId.ToString(CultureInfo.InvariantCulture) + " " + SecretName + ": " + Action;
    }

    /// <summary>An SAE namespace, as Get-SaeNamespace writes it.</summary>
    public sealed class SaeNamespace
    {
        public string? NamespaceId { get; set; }
        public string? NamespaceName { get; set; }
        public string? RegionId { get; set; }
        public string? NameSpaceShortId { get; set; }
        public string? VpcId { get; set; }
        public bool Custom { get; set; }

        public override string? ToString() => NamespaceId;
    }
}
