using System.Collections.Concurrent;

namespace SaeSecret.Emulator;

/// <summary>Knobs tests turn through PUT /_emulator/config.</summary>
sealed record EmulatorConfig
{
    public int CredentialLifetimeSeconds { get; init; } = Seed.DefaultCredentialLifetimeSeconds;

    // AssumeRole honours DurationSeconds unless a test has pinned the lifetime explicitly.
    public bool CredentialLifetimeIsExplicit { get; init; }

    public string MetadataMode { get; init; } = MetadataModes.V2;
    public string? EcsRoleName { get; init; } = Seed.EcsRoleName;
    public int CredentialsUriStatus { get; init; } = 200;

    /// <summary>Where UpdateSecret reads SecretData: either place (default), only the query, or only the body.</summary>
    public string SecretDataLocation { get; init; } = SecretDataLocations.Either;

    /// <summary>CreateSecret answers QuotaExceeded.SecretInNamespace once a namespace holds this many secrets.</summary>
    public int SecretQuotaPerNamespace { get; init; } = DefaultSecretQuotaPerNamespace;

    /// <summary>CreateSecret answers QuotaExceeded.SecretDataKey for a SecretData map with more keys than this.</summary>
    public int SecretDataKeyQuota { get; init; } = DefaultSecretDataKeyQuota;

    public const int DefaultSecretQuotaPerNamespace = 50;
    public const int DefaultSecretDataKeyQuota = 64;
}

static class SecretDataLocations
{
    public const string Either = "Either";
    public const string Query = "Query";
    public const string Body = "Body";

    public static readonly string[] All = [Either, Query, Body];
}

static class MetadataModes
{
    public const string V2 = "v2";
    public const string V1Only = "v1only";
    public const string V2Required = "v2required";

    public static readonly string[] All = [V2, V1Only, V2Required];
}

/// <summary>Everything the emulator remembers; one instance per process, restored to the seed by Reset.</summary>
sealed class EmulatorState
{
    volatile EmulatorConfig config = new();
    readonly string defaultSecretDataLocation;

    public EmulatorState(string defaultSecretDataLocation = SecretDataLocations.Either)
    {
        this.defaultSecretDataLocation = defaultSecretDataLocation;
        Verifier = new SignatureVerifier(Keys, Nonces);
        Reset();
    }

    public AccessKeyRegistry Keys { get; } = new();
    public NonceCache Nonces { get; } = new();
    public SignatureVerifier Verifier { get; }
    public SecretStore Secrets { get; } = new();
    public NamespaceRegistry Namespaces { get; } = new();
    public AppRegistry Apps { get; } = new();
    public ChangeOrderStore ChangeOrders { get; } = new();
    public FaultQueue Faults { get; } = new();
    public RequestLog Requests { get; } = new();
    public EmulatorStats Stats { get; } = new([.. SaeApi.StatsKeys, .. Sts.StatsKeys, .. Metadata.StatsKeys]);

    /// <summary>Instance-metadata session tokens (IMDSv2) and when each expires.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> MetadataTokens { get; } = new(StringComparer.Ordinal);

    public EmulatorConfig Config => config;

    public void UpdateConfig(EmulatorConfig updated) => config = updated;

    /// <summary>Every namespace the emulator knows: registered (seeded or by a test) or holding a secret.</summary>
    public List<StoredNamespace> KnownNamespaces() => Namespaces.Known(Secrets.NamespacesInUse());

    public bool IsKnownNamespace(string namespaceId) => Namespaces.IsRegistered(namespaceId) || Secrets.AnyIn(namespaceId);

    /// <summary>Every application the emulator knows: registered (seeded or by a test) or named by a secret's RelateApps.</summary>
    public List<StoredApp> KnownApps() => Apps.Known(Secrets.RelatedApps());

    public StoredApp? FindApp(string appId) => KnownApps().FirstOrDefault(app => app.AppId == appId);

    public int CredentialLifetimeSeconds(int? requested) =>
        Config.CredentialLifetimeIsExplicit || requested is null ? Config.CredentialLifetimeSeconds : requested.Value;

    public void Reset()
    {
        Keys.Reset();
        Nonces.Clear();
        Secrets.Reset();
        Namespaces.Reset();
        Apps.Reset();
        ChangeOrders.Reset();
        Faults.Clear();
        Requests.Reset();
        Stats.Reset();
        MetadataTokens.Clear();
        config = new EmulatorConfig { SecretDataLocation = defaultSecretDataLocation };
    }
}
