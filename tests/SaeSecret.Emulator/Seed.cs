namespace SaeSecret.Emulator;

/// <summary>The state every test starts from; <see cref="EmulatorState.Reset"/> restores exactly this.</summary>
static class Seed
{
    public const string AllowedKeyId = "EmulatorKeyId";
    public const string AllowedKeySecret = "EmulatorKeySecret-0123456789";
    public const string DeniedKeyId = "DeniedKeyId";
    public const string DeniedKeySecret = "DeniedKeySecret-0123456789";

    public const string EcsRoleName = "EmulatorEcsRole";
    public const int DefaultCredentialLifetimeSeconds = 3600;

    public const string OpaqueType = "Opaque";
    public const string DockerConfigJsonType = "kubernetes.io/dockerconfigjson";
    public const string TlsType = "kubernetes.io/tls";

    /// <summary>The Alibaba Cloud account every emulated identity belongs to.</summary>
    public const string AccountId = "1234567890123456";

    public static IEnumerable<AccessKey> AccessKeys()
    {
        yield return new AccessKey(AllowedKeyId, AllowedKeySecret, Denied: false, SecurityToken: null, Expiration: null,
            CallerIdentity.User(AccountId, "2000000000000001", "emulator-user"));
        yield return new AccessKey(DeniedKeyId, DeniedKeySecret, Denied: true, SecurityToken: null, Expiration: null,
            CallerIdentity.User(AccountId, "2000000000000002", "denied-user"));
    }

    /// <summary>The role behind keys from ALIBABA_CLOUD_CREDENTIALS_URI, and its session name.</summary>
    public const string CredentialsUriRoleName = "EmulatorCredentialsUriRole";
    public const string CredentialsUriSessionName = "credentials-uri";

    /// <summary>The session name of keys from the ECS instance metadata (the role is EcsRoleName).</summary>
    public const string EcsSessionName = "vm-ram-i-emulator000000001";

    /// <summary>Every seeded secret was created at 2026-01-01T00:00:00Z and last updated at 2026-01-02T00:00:00Z.</summary>
    public const long SeedCreateTime = 1767225600000;
    public const long SeedUpdateTime = 1767312000000;

    public static readonly RelatedApp WebFrontend = new("a1b2c3d4-0000-4000-8000-000000000001", "web-frontend");
    public static readonly RelatedApp OrderWorker = new("a1b2c3d4-0000-4000-8000-000000000002", "order-worker");
    public static readonly RelatedJob NightlyBackup = new("b1b2c3d4-0000-4000-8000-000000000001", "nightly-backup");

    /// <summary>The namespace the seeded applications run in (secret 16 there names both in RelateApps).</summary>
    public const string AppNamespaceId = "cn-beijing:test";

    public static IEnumerable<StoredSecret> Secrets()
    {
        yield return Secret(AppNamespaceId, 16, "app-config", OpaqueType, Map(("k1", "djE=")), apps: [WebFrontend, OrderWorker]);
        yield return Secret("cn-beijing", 7, "default-secret", OpaqueType, Map(("k1", "djE=")));
        yield return Secret("cn-beijing:test", 17, "registry-login", DockerConfigJsonType,
            Map((".dockerconfigjson", Convert.ToBase64String("{\"auths\":{}}"u8.ToArray()))));
        yield return Secret("cn-beijing:test", 18, "web-tls", TlsType, Map(("tls.crt", "Y3J0"), ("tls.key", "a2V5")), jobs: [NightlyBackup]);
        yield return Secret("cn-hangzhou:ns with space*~!'()", 9007199254740993, "spaced-secret", OpaqueType, Map(("k", "dg==")));
        for (long id = 1; id <= 20; id++)
        {
            yield return Secret("cn-hangzhou:prod", id, $"prod-secret-{id}", OpaqueType, Map(("k", "dg==")));
        }
    }

    /// <summary>The applications RestartApplication knows from the start (besides any a secret names).</summary>
    public static IEnumerable<StoredApp> Apps()
    {
        yield return new StoredApp(WebFrontend.AppId, WebFrontend.AppName, AppNamespaceId);
        yield return new StoredApp(OrderWorker.AppId, OrderWorker.AppName, AppNamespaceId);
    }

    /// <summary>The region's default namespace (its id is the region id) and three custom ones.</summary>
    public static IEnumerable<StoredNamespace> Namespaces()
    {
        yield return new StoredNamespace("cn-beijing", "cn-beijing", "cn-beijing", "",
            "vpc-2zeemubeijing0000001", "vsw-2zeemubeijing0000001", "sg-2zeemubeijing00000001", Custom: false);
        yield return new StoredNamespace("cn-beijing:test", "test", "cn-beijing", "test",
            "vpc-2zeemubeijing0000001", "vsw-2zeemubeijing0000002", "sg-2zeemubeijing00000001", Custom: true);
        yield return new StoredNamespace("cn-hangzhou:prod", "prod", "cn-hangzhou", "prod",
            "vpc-bp1emuhangzhou000001", "vsw-bp1emuhangzhou000001", "sg-bp1emuhangzhou0000001", Custom: true);
        yield return new StoredNamespace("cn-hangzhou:ns with space*~!'()", "ns with space*~!'()", "cn-hangzhou", "ns with space*~!'()",
            "vpc-bp1emuhangzhou000001", "vsw-bp1emuhangzhou000002", "sg-bp1emuhangzhou0000001", Custom: true);
    }

    static StoredSecret Secret(string namespaceId, long secretId, string name, string type, Dictionary<string, string> data,
        List<RelatedApp>? apps = null, List<RelatedJob>? jobs = null) =>
        new(namespaceId, secretId, type, data)
        {
            Name = name,
            CreateTime = SeedCreateTime,
            UpdateTime = SeedUpdateTime,
            RelateApps = apps ?? [],
            Jobs = jobs ?? [],
        };

    static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
