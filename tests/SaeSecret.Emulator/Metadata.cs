using System.Globalization;
using System.Security.Cryptography;

namespace SaeSecret.Emulator;

/// <summary>ECS instance metadata (100.100.100.200) RAM-role endpoints, and the ALIBABA_CLOUD_CREDENTIALS_URI endpoint.</summary>
static class Metadata
{
    public const string TokenPath = "/latest/api/token";
    public const string RolesPath = "/latest/meta-data/ram/security-credentials/";
    public const string CredentialsUriPath = "/_emulator/credentials-uri";

    // Their keys in the per-action counters (GET /_emulator/stats).
    const string MetadataTokenKey = "MetadataToken";
    const string MetadataRoleListKey = "MetadataRoleList";
    const string MetadataCredentialsKey = "MetadataCredentials";
    const string CredentialsUriKey = "CredentialsUri";

    public static readonly string[] StatsKeys = [MetadataTokenKey, MetadataRoleListKey, MetadataCredentialsKey, CredentialsUriKey];

    const string TokenTtlHeader = "X-aliyun-ecs-metadata-token-ttl-seconds";
    const string TokenHeader = "X-aliyun-ecs-metadata-token";
    const string TextContentType = "text/plain;charset=utf-8";

    public static async Task IssueTokenAsync(HttpContext context, EmulatorState state)
    {
        state.Stats.CountRequest(MetadataTokenKey);
        if (state.Config.MetadataMode == MetadataModes.V1Only)
        {
            await ApiResponses.WriteTextAsync(context, 404, TextContentType, "Not Found");
            return;
        }
        var ttlText = context.Request.Headers[TokenTtlHeader].FirstOrDefault();
        if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl is < 1 or > 21600)
        {
            await ApiResponses.WriteTextAsync(context, 400, TextContentType, $"{TokenTtlHeader} must be 1 to 21600.");
            return;
        }
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(42));
        state.MetadataTokens[token] = DateTimeOffset.UtcNow.AddSeconds(ttl);
        await ApiResponses.WriteTextAsync(context, 200, TextContentType, token);
    }

    public static async Task ListRolesAsync(HttpContext context, EmulatorState state)
    {
        state.Stats.CountRequest(MetadataRoleListKey);
        if (await RejectTokenAsync(context, state))
        {
            return;
        }
        var role = state.Config.EcsRoleName;
        if (string.IsNullOrEmpty(role))
        {
            await ApiResponses.WriteTextAsync(context, 404, TextContentType, "Not Found");
            return;
        }
        await ApiResponses.WriteTextAsync(context, 200, TextContentType, role);
    }

    public static async Task RoleCredentialsAsync(HttpContext context, EmulatorState state, string role)
    {
        state.Stats.CountRequest(MetadataCredentialsKey);
        if (await RejectTokenAsync(context, state))
        {
            return;
        }
        if (string.IsNullOrEmpty(state.Config.EcsRoleName) || role != state.Config.EcsRoleName)
        {
            await ApiResponses.WriteTextAsync(context, 404, TextContentType, "Not Found");
            return;
        }
        await WriteCredentialsAsync(context, state, 200, role, Seed.EcsSessionName);
    }

    public static async Task CredentialsUriAsync(HttpContext context, EmulatorState state)
    {
        state.Stats.CountRequest(CredentialsUriKey);
        var status = state.Config.CredentialsUriStatus;
        if (status != 200)
        {
            await ApiResponses.WriteJsonAsync(context, status, new { Code = "Error", Message = "The credentials URI failed (configured by the test)." });
            return;
        }
        await WriteCredentialsAsync(context, state, status, Seed.CredentialsUriRoleName, Seed.CredentialsUriSessionName);
    }

    static Task WriteCredentialsAsync(HttpContext context, EmulatorState state, int status, string roleName, string sessionName)
    {
        var now = DateTimeOffset.UtcNow;
        var key = state.Keys.IssueTemporary(state.CredentialLifetimeSeconds(null), now,
            CallerIdentity.AssumedRole(Seed.AccountId, CallerIdentity.NewRoleId(), roleName, sessionName));
        return ApiResponses.WriteJsonAsync(context, status, new
        {
            Code = "Success",
            AccessKeyId = key.Id,
            AccessKeySecret = key.Secret,
            SecurityToken = key.SecurityToken,
            Expiration = key.ExpirationText,
            LastUpdated = Timestamps.Format(now),
        }, "Success");
    }

    /// <summary>A token, when sent, must be one we issued and still valid; v2required demands one.</summary>
    static async Task<bool> RejectTokenAsync(HttpContext context, EmulatorState state)
    {
        var token = context.Request.Headers[TokenHeader].FirstOrDefault();
        var accepted = string.IsNullOrEmpty(token)
            ? state.Config.MetadataMode != MetadataModes.V2Required
            : state.MetadataTokens.TryGetValue(token, out var expires) && DateTimeOffset.UtcNow < expires;
        if (!accepted)
        {
            await ApiResponses.WriteTextAsync(context, 401, TextContentType, "Unauthorized");
        }
        return !accepted;
    }
}
