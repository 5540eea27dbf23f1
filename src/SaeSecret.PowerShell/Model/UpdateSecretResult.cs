namespace SaeSecret
{
    /// <summary>What Update-SaeSecret writes for each secret it updated. Holds key names, never values.</summary>
    public sealed class UpdateSecretResult
    {
        public string NamespaceId { get; set; } = null!;
        public long SecretId { get; set; }
        public bool Success { get; set; }
        public string[] Keys { get; set; } = null!;
        public string? RequestId { get; set; }
        public string? TraceId { get; set; }
        public string? Code { get; set; }
        public string? Message { get; set; }

        /// <summary>With -Merge: the applications using the secret (they see new data only after a restart). Else empty.</summary>
        public SecretApp[] RelateApps { get; set; } = System.Array.Empty<SecretApp>();

        /// <summary>Data.SecretId as the server answered it, when it gave one; the cmdlet warns when it differs.</summary>
        internal long? ServerSecretId { get; set; }

        public override string ToString() =>
            NamespaceId + "/" + SecretId + " (" + (Keys == null ? 0 : Keys.Length) + " keys, RequestId " + RequestId + ")";
    }
}
