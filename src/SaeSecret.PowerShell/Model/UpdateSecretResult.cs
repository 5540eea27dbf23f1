namespace SaeSecret
{
    /// <summary>What Update-SaeSecret writes for each secret it updated. Holds key names, never values.</summary>
    public sealed class UpdateSecretResult : SecretChangeRecord
    {
        public string NamespaceId { get; internal set; } = null!;
        public long SecretId { get; internal set; }
        public bool Success { get; internal set; }
        public string[] Keys { get; internal set; } = null!;
        public string? RequestId { get; internal set; }
        public string? TraceId { get; internal set; }
        public string? Code { get; internal set; }
        public string? Message { get; internal set; }

        /// <summary>With -Merge: the applications using the secret (they see new data only after a restart). Else empty.</summary>
        public SecretApp[] RelateApps { get; internal set; } = System.Array.Empty<SecretApp>();

        /// <summary>Data.SecretId as the server answered it, when it gave one; the cmdlet warns when it differs.</summary>
        internal long? ServerSecretId { get; set; }

        public override string ToString() =>
            NamespaceId + "/" + SecretId + " (" + (Keys == null ? 0 : Keys.Length) + " keys, RequestId " + RequestId + ")";
    }
}
