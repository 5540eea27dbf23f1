using System.Globalization;
using System.Text.RegularExpressions;

namespace SaeSecret.Emulator;

/// <summary>
/// STS 2015-04-01 (RPC style, POST /): AssumeRole and GetCallerIdentity (signed: V3 in the Authorization header, or the
/// RPC signature in the parameters) and AssumeRoleWithOIDC (unsigned, the token is the proof).
/// </summary>
static partial class Sts
{
    const string Product = "Sts";

    /// <summary>One STS action: its name (x-acs-action or the Action parameter), its counter key and its handler.</summary>
    sealed record StsAction(string Name, string StatsKey, Func<HttpContext, EmulatorState, ReceivedRequest, Dictionary<string, string>, Task> HandleAsync);

    static readonly StsAction[] Actions =
    [
        new("AssumeRole", "StsAssumeRole", AssumeRoleAsync),
        // The counter has always been spelt this way in GET /_emulator/stats.
        new("AssumeRoleWithOIDC", "StsAssumeRoleWithOidc", AssumeRoleWithOidcAsync),
        new("GetCallerIdentity", "StsGetCallerIdentity", GetCallerIdentityAsync),
    ];

    public static readonly string[] StatsKeys = [.. Actions.Select(a => a.StatsKey)];

    public static async Task HandleAsync(HttpContext context, EmulatorState state)
    {
        var received = ReceivedRequest.Of(context)!;
        var parameters = received.Parameters();
        var name = context.Request.Headers["x-acs-action"].FirstOrDefault() ?? parameters.GetValueOrDefault("Action");
        var action = Actions.FirstOrDefault(a => a.Name == name);
        if (action is null)
        {
            await ErrorAsync(context, 400, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
            return;
        }
        state.Stats.CountRequest(action.StatsKey);
        await action.HandleAsync(context, state, received, parameters);
    }

    /// <summary>The caller's key, or null once the gateway's signature error is answered.</summary>
    static async Task<AccessKey?> VerifyAsync(HttpContext context, EmulatorState state, ReceivedRequest received)
    {
        var now = DateTimeOffset.UtcNow;
        // A V3 Authorization header wins; without one the caller used the RPC signature in the parameters.
        var verification = context.Request.Headers.ContainsKey("Authorization")
            ? state.Verifier.VerifyV3(context.Request, received, now)
            : state.Verifier.VerifyRpc(context.Request.Method, [.. received.QueryPairs, .. received.FormPairs],
                context.Request.Headers["x-acs-security-token"].FirstOrDefault(), now);
        if (verification.Key is null)
        {
            await ApiResponses.WriteVerificationFailureAsync(context, verification, Product);
        }
        return verification.Key;
    }

    static async Task AssumeRoleAsync(HttpContext context, EmulatorState state, ReceivedRequest received, Dictionary<string, string> parameters)
    {
        if (await VerifyAsync(context, state, received) is null)
        {
            return;
        }

        var roleArn = parameters.GetValueOrDefault("RoleArn");
        if (await RejectRoleArnAsync(context, roleArn))
        {
            return;
        }
        var sessionName = parameters.GetValueOrDefault("RoleSessionName");
        if (string.IsNullOrEmpty(sessionName))
        {
            await ErrorAsync(context, 400, "MissingRoleSessionName", "RoleSessionName is mandatory for this action.");
            return;
        }
        if (!TryReadDuration(parameters, out var duration))
        {
            await ErrorAsync(context, 400, "InvalidParameter.DurationSeconds", "The parameter DurationSeconds is invalid; it must be 900 to 43200.");
            return;
        }
        await IssueAsync(context, state, roleArn!, sessionName, duration);
    }

    /// <summary>
    /// Who the signing key belongs to; not wrapped in Data. Like the real one it needs no RAM permission, so a denied key
    /// gets its answer too.
    /// </summary>
    static async Task GetCallerIdentityAsync(HttpContext context, EmulatorState state, ReceivedRequest received, Dictionary<string, string> parameters)
    {
        if (await VerifyAsync(context, state, received) is not { } key)
        {
            return;
        }
        var identity = key.CallerIdentity;
        var answer = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RequestId"] = ApiResponses.RequestIdOf(context),
            ["AccountId"] = identity.AccountId,
        };
        if (identity.UserId is not null)
        {
            answer["UserId"] = identity.UserId;
        }
        answer["Arn"] = identity.Arn;
        answer["IdentityType"] = identity.IdentityType;
        answer["PrincipalId"] = identity.PrincipalId;
        if (identity.RoleId is not null)
        {
            answer["RoleId"] = identity.RoleId;
        }
        await ApiResponses.WriteJsonAsync(context, 200, answer);
    }

    static async Task AssumeRoleWithOidcAsync(HttpContext context, EmulatorState state, ReceivedRequest received, Dictionary<string, string> parameters)
    {
        var roleArn = parameters.GetValueOrDefault("RoleArn");
        if (await RejectRoleArnAsync(context, roleArn))
        {
            return;
        }
        var providerArn = parameters.GetValueOrDefault("OIDCProviderArn");
        if (string.IsNullOrEmpty(providerArn))
        {
            await ErrorAsync(context, 400, "MissingOIDCProviderArn", "OIDCProviderArn is mandatory for this action.");
            return;
        }
        if (!OidcProviderArnPattern().IsMatch(providerArn))
        {
            await ErrorAsync(context, 400, "InvalidParameter.OIDCProviderArn", "The parameter OIDCProviderArn is invalid.");
            return;
        }
        var token = parameters.GetValueOrDefault("OIDCToken");
        if (string.IsNullOrEmpty(token))
        {
            await ErrorAsync(context, 400, "MissingOIDCToken", "OIDCToken is mandatory for this action.");
            return;
        }
        if (token == "invalid-token")
        {
            await ErrorAsync(context, 400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.");
            return;
        }
        if (!TryReadDuration(parameters, out var duration))
        {
            await ErrorAsync(context, 400, "InvalidParameter.DurationSeconds", "The parameter DurationSeconds is invalid; it must be 900 to 43200.");
            return;
        }
        var sessionName = parameters.GetValueOrDefault("RoleSessionName");
        await IssueAsync(context, state, roleArn!, string.IsNullOrEmpty(sessionName) ? "oidc-session" : sessionName, duration);
    }

    static async Task IssueAsync(HttpContext context, EmulatorState state, string roleArn, string sessionName, int? duration)
    {
        // RejectRoleArnAsync has checked the form acs:ram::<account>:role/<name>.
        var role = RoleArnPattern().Match(roleArn);
        var roleId = CallerIdentity.NewRoleId();
        var key = state.Keys.IssueTemporary(state.CredentialLifetimeSeconds(duration), DateTimeOffset.UtcNow,
            CallerIdentity.AssumedRole(role.Groups["account"].Value, roleId, role.Groups["role"].Value, sessionName));
        await ApiResponses.WriteJsonAsync(context, 200, new
        {
            RequestId = ApiResponses.RequestIdOf(context),
            AssumedRoleUser = new
            {
                Arn = roleArn + "/" + sessionName,
                AssumedRoleId = roleId + ":" + sessionName,
            },
            Credentials = new
            {
                AccessKeyId = key.Id,
                AccessKeySecret = key.Secret,
                SecurityToken = key.SecurityToken,
                Expiration = key.ExpirationText,
            },
        });
    }

    static async Task<bool> RejectRoleArnAsync(HttpContext context, string? roleArn)
    {
        if (string.IsNullOrEmpty(roleArn))
        {
            await ErrorAsync(context, 400, "MissingRoleArn", "RoleArn is mandatory for this action.");
            return true;
        }
        if (!RoleArnPattern().IsMatch(roleArn))
        {
            await ErrorAsync(context, 400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.");
            return true;
        }
        return false;
    }

    /// <summary>Null when absent (the default lifetime applies); false when present but not 900..43200.</summary>
    static bool TryReadDuration(Dictionary<string, string> parameters, out int? duration)
    {
        duration = null;
        if (!parameters.TryGetValue("DurationSeconds", out var text) || text.Length == 0)
        {
            return true;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 900 or > 43200)
        {
            return false;
        }
        duration = seconds;
        return true;
    }

    static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        ApiResponses.WriteGatewayErrorAsync(context, status, code, message, Product);

    [GeneratedRegex(@"^acs:ram::(?<account>\d+):role/(?<role>.+)$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^acs:ram::\d+:oidc-provider/.+$")]
    private static partial Regex OidcProviderArnPattern();
}
