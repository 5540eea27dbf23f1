using System.Globalization;

namespace SaeSecret
{
    /// <summary>Which secret an error is about; the TargetObject of Update-SaeSecret's errors.</summary>
    public sealed class SecretIdentity
    {
        public SecretIdentity(string namespaceId, long secretId)
        {
            NamespaceId = namespaceId;
            SecretId = secretId;
        }

        public string NamespaceId { get; }
        public long SecretId { get; }

        public override string ToString() => NamespaceId + "/" + SecretId.ToString(CultureInfo.InvariantCulture);
    }
}
