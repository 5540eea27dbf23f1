namespace SaeSecret.Emulator;

/// <summary>A secret as SAE holds it; Version counts successful UpdateSecret calls since it was created.</summary>
sealed class StoredSecret(string namespaceId, long secretId, string type, Dictionary<string, string> data)
{
    public string NamespaceId { get; } = namespaceId;
    public long SecretId { get; } = secretId;
    public string Type { get; } = type;
    public Dictionary<string, string> Data { get; set; } = data;
    public int Version { get; set; }

    public StoredSecret Copy() =>
        new(NamespaceId, SecretId, Type, new Dictionary<string, string>(Data, StringComparer.Ordinal)) { Version = Version };
}

enum UpdateOutcome { Applied, SecretNotFound, RequiredKeyMissing }

sealed class SecretStore
{
    readonly object gate = new();
    readonly Dictionary<(string NamespaceId, long SecretId), StoredSecret> secrets = new();

    public void Reset()
    {
        lock (gate)
        {
            secrets.Clear();
            foreach (var secret in Seed.Secrets())
            {
                secrets[(secret.NamespaceId, secret.SecretId)] = secret;
            }
        }
    }

    public void Put(StoredSecret secret)
    {
        lock (gate)
        {
            secrets[(secret.NamespaceId, secret.SecretId)] = secret;
        }
    }

    public StoredSecret? Get(string namespaceId, long secretId)
    {
        lock (gate)
        {
            return secrets.TryGetValue((namespaceId, secretId), out var secret) ? secret.Copy() : null;
        }
    }

    /// <summary>Replaces the whole data map, as SAE does: keys not sent are gone afterwards.</summary>
    public UpdateOutcome Update(string namespaceId, long secretId, Dictionary<string, string> data, out string? missingKey)
    {
        missingKey = null;
        lock (gate)
        {
            if (!secrets.TryGetValue((namespaceId, secretId), out var secret))
            {
                return UpdateOutcome.SecretNotFound;
            }
            missingKey = RequiredKeys(secret.Type).FirstOrDefault(key => !data.ContainsKey(key));
            if (missingKey is not null)
            {
                return UpdateOutcome.RequiredKeyMissing;
            }
            secret.Data = data;
            secret.Version++;
            return UpdateOutcome.Applied;
        }
    }

    static string[] RequiredKeys(string type) => type switch
    {
        Seed.DockerConfigJsonType => [".dockerconfigjson"],
        Seed.TlsType => ["tls.crt", "tls.key"],
        _ => [],
    };
}
