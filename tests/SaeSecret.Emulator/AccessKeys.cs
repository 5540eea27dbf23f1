using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace SaeSecret.Emulator;

/// <summary>
/// A long-term key (no token) or a temporary STS key that is only valid with its token until Expiration. Identity is
/// who GetCallerIdentity says the caller is (null: a RAM user named after the key).
/// </summary>
sealed record AccessKey(string Id, string Secret, bool Denied, string? SecurityToken, DateTimeOffset? Expiration, CallerIdentity? Identity = null)
{
    public bool IsTemporary => SecurityToken is not null;

    public string ExpirationText => Expiration is { } expiration ? Timestamps.Format(expiration) : "";

    public CallerIdentity CallerIdentity => Identity ?? CallerIdentity.DefaultUser(Id);
}

/// <summary>Who a key belongs to, as STS GetCallerIdentity answers it (UserId for an account or user, RoleId for a role).</summary>
sealed record CallerIdentity(string IdentityType, string AccountId, string PrincipalId, string Arn, string? UserId, string? RoleId)
{
    public const string Account = "Account";
    public const string RamUser = "RAMUser";
    public const string AssumedRoleUser = "AssumedRoleUser";

    /// <summary>The account's own (root) key.</summary>
    public static CallerIdentity Root(string accountId) =>
        new(Account, accountId, accountId, $"acs:ram::{accountId}:root", accountId, null);

    public static CallerIdentity User(string accountId, string userId, string userName) =>
        new(RamUser, accountId, userId, $"acs:ram::{accountId}:user/{userName}", userId, null);

    /// <summary>A key issued for a role session (STS AssumeRole*, ECS instance metadata, a credentials URI).</summary>
    public static CallerIdentity AssumedRole(string accountId, string roleId, string roleName, string sessionName) =>
        new(AssumedRoleUser, accountId, roleId + ":" + sessionName, $"acs:ram::{accountId}:assumed-role/{roleName}/{sessionName}", null, roleId);

    /// <summary>A key a test added without naming anyone: user "user-&lt;key id&gt;", its UserId derived from the key id.</summary>
    public static CallerIdentity DefaultUser(string keyId) => User(Seed.AccountId, DerivedUserId(keyId), "user-" + keyId);

    /// <summary>Sixteen digits starting with 2, as RAM user ids look, the same for the same key id.</summary>
    public static string DerivedUserId(string keyId)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(keyId));
        return "2" + (BitConverter.ToUInt64(hash) % 1_000_000_000_000_000UL).ToString("D15", CultureInfo.InvariantCulture);
    }

    /// <summary>Eighteen digits, as RAM role ids look.</summary>
    public static string NewRoleId() =>
        RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
}

static class Timestamps
{
    public const string Pattern = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        var ok = DateTime.TryParseExact(text, Pattern, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed);
        value = ok ? new DateTimeOffset(parsed, TimeSpan.Zero) : default;
        return ok;
    }
}

/// <summary>Every key the emulator accepts: the seed, keys added by tests, and keys issued by STS / metadata.</summary>
sealed class AccessKeyRegistry
{
    const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    readonly ConcurrentDictionary<string, AccessKey> keys = new(StringComparer.Ordinal);

    public AccessKey? Find(string id) => keys.TryGetValue(id, out var key) ? key : null;

    public void Add(AccessKey key) => keys[key.Id] = key;

    /// <summary>Every key, by id (ordinal).</summary>
    public List<AccessKey> All() => [.. keys.Values.OrderBy(key => key.Id, StringComparer.Ordinal)];

    public void Reset()
    {
        keys.Clear();
        foreach (var key in Seed.AccessKeys())
        {
            Add(key);
        }
    }

    /// <summary>Expiration is whole seconds because that is all the client ever sees of it.</summary>
    public AccessKey IssueTemporary(int lifetimeSeconds, DateTimeOffset now, CallerIdentity identity)
    {
        var key = new AccessKey(
            Id: "STS." + RandomNumberGenerator.GetString(Alphanumerics, 24),
            Secret: RandomNumberGenerator.GetString(Alphanumerics, 30),
            Denied: false,
            // Real tokens are base64 with + / = in them; clients that forget to encode them must fail here too.
            SecurityToken: "CAIS+/" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(100)),
            Expiration: DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + lifetimeSeconds),
            Identity: identity);
        Add(key);
        return key;
    }
}

/// <summary>Remembers signature nonces per key for the allowed clock skew, so a replayed request is refused.</summary>
sealed class NonceCache
{
    readonly ConcurrentDictionary<(string KeyId, string Nonce), DateTimeOffset> seen = new();
    int insertsSincePrune;

    /// <summary>True when the nonce is fresh (and now remembered); false when it was used within the window.</summary>
    public bool TryRemember(string keyId, string nonce, DateTimeOffset now)
    {
        PruneOccasionally(now);
        var entry = (keyId, nonce);
        if (seen.TryAdd(entry, now))
        {
            return true;
        }
        return seen.TryGetValue(entry, out var when) && now - when > SignatureVerifier.AllowedSkew
            && seen.TryUpdate(entry, now, when);
    }

    public void Clear() => seen.Clear();

    void PruneOccasionally(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref insertsSincePrune) % 10_000 != 0)
        {
            return;
        }
        foreach (var (entry, when) in seen)
        {
            if (now - when > SignatureVerifier.AllowedSkew)
            {
                seen.TryRemove(entry, out _);
            }
        }
    }
}
