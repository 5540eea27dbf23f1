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

    public static IEnumerable<AccessKey> AccessKeys()
    {
        yield return new AccessKey(AllowedKeyId, AllowedKeySecret, Denied: false, SecurityToken: null, Expiration: null);
        yield return new AccessKey(DeniedKeyId, DeniedKeySecret, Denied: true, SecurityToken: null, Expiration: null);
    }

    public static IEnumerable<StoredSecret> Secrets()
    {
        yield return new StoredSecret("cn-beijing:test", 16, OpaqueType, Map(("k1", "djE=")));
        yield return new StoredSecret("cn-beijing", 7, OpaqueType, Map(("k1", "djE=")));
        yield return new StoredSecret("cn-beijing:test", 17, DockerConfigJsonType,
            Map((".dockerconfigjson", Convert.ToBase64String("{\"auths\":{}}"u8.ToArray()))));
        yield return new StoredSecret("cn-beijing:test", 18, TlsType, Map(("tls.crt", "Y3J0"), ("tls.key", "a2V5")));
        yield return new StoredSecret("cn-hangzhou:ns with space*~!'()", 9007199254740993, OpaqueType, Map(("k", "dg==")));
        for (long id = 1; id <= 20; id++)
        {
            yield return new StoredSecret("cn-hangzhou:prod", id, OpaqueType, Map(("k", "dg==")));
        }
    }

    static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
