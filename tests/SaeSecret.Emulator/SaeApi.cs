using System.Globalization;
using System.Text.Json;

namespace SaeSecret.Emulator;

/// <summary>
/// The SAE APIs (ROA style, sae 2019-05-06): the secret APIs here, RestartApplication and DescribeChangeOrder in
/// SaeApi.Apps.cs. Every call goes the same way: route by path + HTTP method and check
/// that x-acs-action names that API (else the gateway's 404 InvalidAction.NotFound), count it, then fault injection,
/// the gateway's V3 signature and RAM checks, and finally the API's own validation and answer.
/// </summary>
static partial class SaeApi
{
    public const string SecretPath = "/pop/v1/sam/secret/secret";
    public const string SecretsPath = "/pop/v1/sam/secret/secrets";
    public const string NamespaceListPath = "/pop/v1/sam/namespace/describeNamespaceList";

    public const string RestartApplicationPath = "/pop/v1/sam/app/restartApplication";
    public const string DescribeChangeOrderPath = "/pop/v1/sam/changeorder/DescribeChangeOrder";

    public static readonly string[] Paths = [SecretPath, SecretsPath, NamespaceListPath, RestartApplicationPath, DescribeChangeOrderPath];

    /// <summary>
    /// One API: its x-acs-action name, where it lives and its handler; TargetParameter names the query parameter whose
    /// value the per-action counters also count by (null: none).
    /// </summary>
    sealed record SaeAction(string Name, string Method, string Path, Func<SaeCall, Task> HandleAsync, string? TargetParameter = null)
    {
        /// <summary>Its key in the per-action counters (GET /_emulator/stats).</summary>
        public string StatsKey => "Sae" + Name;
    }

    static readonly SaeAction[] Actions =
    [
        new("UpdateSecret", HttpMethods.Put, SecretPath, UpdateSecretAsync),
        new("DescribeSecret", HttpMethods.Get, SecretPath, DescribeSecretAsync),
        new("CreateSecret", HttpMethods.Post, SecretPath, CreateSecretAsync),
        new("DeleteSecret", HttpMethods.Delete, SecretPath, DeleteSecretAsync),
        new("ListSecrets", HttpMethods.Get, SecretsPath, ListSecretsAsync),
        new("DescribeNamespaceList", HttpMethods.Get, NamespaceListPath, DescribeNamespaceListAsync),
        new("RestartApplication", HttpMethods.Put, RestartApplicationPath, RestartApplicationAsync, TargetParameter: "AppId"),
        new("DescribeChangeOrder", HttpMethods.Get, DescribeChangeOrderPath, DescribeChangeOrderAsync, TargetParameter: "ChangeOrderId"),
    ];

    /// <summary>The API names faults can be limited to.</summary>
    public static readonly string[] ActionNames = [.. Actions.Select(a => a.Name)];

    public static readonly string[] StatsKeys = [.. Actions.Select(a => a.StatsKey)];

    /// <summary>SAE's own secret types; the wire value is matched exactly (case-sensitive).</summary>
    static readonly string[] SecretTypes = [Seed.OpaqueType, Seed.DockerConfigJsonType, Seed.TlsType];

    /// <summary>A letter, then letters, digits, '-' and '_'.</summary>
    static readonly System.Text.RegularExpressions.Regex SecretNamePattern = new("^[A-Za-z][A-Za-z0-9_-]*$");

    /// <summary>One call that passed routing, faults, signature and RAM.</summary>
    sealed record SaeCall(HttpContext Context, EmulatorState State, ReceivedRequest Received, Dictionary<string, string> Query)
    {
        public required SaeAction Action { get; init; }

        public string? NamespaceId => Query.GetValueOrDefault("NamespaceId");

        /// <summary>The call changed the emulator's state (the action's Applied counter).</summary>
        public void CountApplied() => State.Stats.CountApplied(Action.StatsKey);
    }

    /// <summary>Handles a request to one of <see cref="Paths"/> (<paramref name="path"/> is the route it matched).</summary>
    public static async Task HandleAsync(HttpContext context, EmulatorState state, string path)
    {
        var received = ReceivedRequest.Of(context)!;
        var action = Actions.FirstOrDefault(a => a.Path == path && HttpMethods.Equals(a.Method, context.Request.Method));
        if (action is null || !string.Equals(context.Request.Headers["x-acs-action"].ToString(), action.Name, StringComparison.Ordinal))
        {
            await ApiResponses.WriteGatewayErrorAsync(context, 404, "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.");
            return;
        }
        var query = PercentEncoding.FirstValues(received.QueryPairs);
        state.Stats.CountRequest(action.StatsKey, action.TargetParameter is { } target ? query.GetValueOrDefault(target) : null);

        var namespaceId = query.GetValueOrDefault("NamespaceId");
        long? secretId = TryParseSecretId(query.GetValueOrDefault("SecretId"), out var parsedId) ? parsedId : null;

        if (state.Faults.TryTake(action.Name, namespaceId, secretId) is { } fault && !await FaultResponses.ApplyAsync(context, fault))
        {
            return;
        }

        var verification = state.Verifier.VerifyV3(context.Request, received, DateTimeOffset.UtcNow);
        if (verification.Key is null)
        {
            await ApiResponses.WriteVerificationFailureAsync(context, verification);
            return;
        }
        if (verification.Key.Denied)
        {
            await ApiResponses.WriteGatewayErrorAsync(context, 403, "Forbidden.RAM",
                "User not authorized to operate on the specified resource, or this API doesn't support RAM.");
            return;
        }

        await action.HandleAsync(new SaeCall(context, state, received, query) { Action = action });
    }

    static async Task UpdateSecretAsync(SaeCall call)
    {
        var (context, state, _, _) = call;
        if (await RequireSecretAsync(call) is not { } target)
        {
            return;
        }
        if (await ReadSecretDataAsync(call) is not { } data)
        {
            return;
        }

        var (namespaceId, secretId) = target;
        switch (state.Secrets.Update(namespaceId, secretId, data, out var missingKey))
        {
            case UpdateOutcome.SecretNotFound:
                await SecretNotFoundAsync(context, secretId);
                return;
            case UpdateOutcome.RequiredKeyMissing:
                await ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidSecretDataKey.NotFound",
                    $"The specified Key [{missingKey}] does not exist in the specified Secret [{secretId}].");
                return;
        }

        call.CountApplied();
        // UpdateSecret has always answered the id as a string, as the documented sample does; clients accept both.
        await WriteSuccessAsync(context, new { SecretId = secretId.ToString(CultureInfo.InvariantCulture) });
    }

    static async Task DescribeSecretAsync(SaeCall call)
    {
        if (await RequireSecretAsync(call) is not { } target)
        {
            return;
        }
        var secret = call.State.Secrets.Get(target.NamespaceId, target.SecretId);
        if (secret is null)
        {
            await SecretNotFoundAsync(call.Context, target.SecretId);
            return;
        }
        // The answer carries the values; the request log keeps only the answer's code, never its body.
        await WriteSuccessAsync(call.Context, new
        {
            secret.NamespaceId,
            secret.SecretId,
            SecretName = secret.Name,
            SecretType = secret.Type,
            secret.RelateApps,
            secret.CreateTime,
            secret.UpdateTime,
            SecretData = secret.Data,
        });
    }

    static async Task ListSecretsAsync(SaeCall call)
    {
        var namespaceId = call.NamespaceId;
        if (string.IsNullOrEmpty(namespaceId))
        {
            await NotEmptyAsync(call.Context, "NamespaceId");
            return;
        }
        if (!call.State.IsKnownNamespace(namespaceId))
        {
            await NamespaceNotFoundAsync(call.Context, namespaceId);
            return;
        }
        await WriteSuccessAsync(call.Context, new
        {
            Secrets = call.State.Secrets.List(namespaceId).Select(secret => new
            {
                secret.NamespaceId,
                secret.SecretId,
                SecretName = secret.Name,
                SecretType = secret.Type,
                secret.RelateApps,
                secret.CreateTime,
                secret.UpdateTime,
            }),
        });
    }

    static async Task CreateSecretAsync(SaeCall call)
    {
        var (context, state, _, query) = call;
        var namespaceId = call.NamespaceId;
        var name = query.GetValueOrDefault("SecretName");
        var type = query.GetValueOrDefault("SecretType");
        foreach (var (parameter, value) in new[] { ("NamespaceId", namespaceId), ("SecretName", name), ("SecretType", type) })
        {
            if (string.IsNullOrEmpty(value))
            {
                await NotEmptyAsync(context, parameter);
                return;
            }
        }
        if (await ReadSecretDataAsync(call) is not { } data)
        {
            return;
        }
        if (!SecretNamePattern.IsMatch(name!))
        {
            await InvalidAsync(context, "SecretName");
            return;
        }
        if (!SecretTypes.Contains(type, StringComparer.Ordinal))
        {
            await ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidSecretType.NotAvailable",
                $"The specified SecretType [{type}] is not available; use one of: {string.Join(", ", SecretTypes)}.");
            return;
        }
        if (!state.IsKnownNamespace(namespaceId!))
        {
            await NamespaceNotFoundAsync(context, namespaceId!);
            return;
        }
        var config = state.Config;
        if (data.Count > config.SecretDataKeyQuota)
        {
            await ApiResponses.WriteSaeErrorAsync(context, 400, "QuotaExceeded.SecretDataKey",
                $"The Secret has {data.Count} keys; at most {config.SecretDataKeyQuota} are allowed.");
            return;
        }
        if (SecretStore.RequiredKeys(type!).FirstOrDefault(key => !data.ContainsKey(key)) is { } missingKey)
        {
            await ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidSecretDataKey.NotFound",
                $"The specified Key [{missingKey}] does not exist in the specified Secret [{name}].");
            return;
        }

        switch (state.Secrets.Create(namespaceId!, name!, type!, data, config.SecretQuotaPerNamespace, out var secretId))
        {
            case CreateOutcome.NameConflict:
                await ApiResponses.WriteSaeErrorAsync(context, 400, "SecretNameConflict.AlreadyExist",
                    $"A Secret named [{name}] already exists in the namespace [{namespaceId}].");
                return;
            case CreateOutcome.QuotaExceeded:
                await ApiResponses.WriteSaeErrorAsync(context, 400, "QuotaExceeded.SecretInNamespace",
                    $"The namespace [{namespaceId}] already holds {config.SecretQuotaPerNamespace} Secrets, the most allowed.");
                return;
        }
        call.CountApplied();
        await WriteSuccessAsync(context, new { SecretId = secretId });
    }

    static async Task DeleteSecretAsync(SaeCall call)
    {
        var context = call.Context;
        if (await RequireSecretAsync(call) is not { } target)
        {
            return;
        }
        switch (call.State.Secrets.Delete(target.NamespaceId, target.SecretId, out var secret))
        {
            case DeleteOutcome.SecretNotFound:
                await SecretNotFoundAsync(context, target.SecretId);
                return;
            case DeleteOutcome.UsedByApps:
                await ApiResponses.WriteSaeErrorAsync(context, 400, "DependencyViolation.Application",
                    $"The Secret [{target.SecretId}] is still used by application(s): "
                    + string.Join(", ", secret!.RelateApps.Select(app => $"{app.AppName} ({app.AppId})")) + ". Remove it from them first.");
                return;
            case DeleteOutcome.UsedByJobs:
                await ApiResponses.WriteSaeErrorAsync(context, 400, "DependencyViolation.Job",
                    $"The Secret [{target.SecretId}] is still used by job(s): "
                    + string.Join(", ", secret!.Jobs.Select(job => $"{job.JobName} ({job.JobId})")) + ". Remove it from them first.");
                return;
        }
        call.CountApplied();
        await WriteSuccessAsync(context, new { target.SecretId });
    }

    /// <summary>
    /// The real API takes the region from the endpoint (sae.&lt;region&gt;.aliyuncs.com). The emulator serves every region
    /// on one host, so it lists every known namespace unless the optional RegionId query parameter narrows it to one
    /// region. ContainCustom=false leaves out custom namespaces (absent or true: included); HybridCloudExclude is
    /// accepted and has nothing to exclude.
    /// </summary>
    static async Task DescribeNamespaceListAsync(SaeCall call)
    {
        var containCustom = true;
        var containText = call.Query.GetValueOrDefault("ContainCustom");
        if (!string.IsNullOrEmpty(containText) && !bool.TryParse(containText, out containCustom))
        {
            await InvalidAsync(call.Context, "ContainCustom");
            return;
        }
        var region = call.Query.GetValueOrDefault("RegionId");
        await WriteSuccessAsync(call.Context, call.State.KnownNamespaces()
            .Where(ns => (containCustom || !ns.Custom) && (string.IsNullOrEmpty(region) || ns.RegionId == region))
            .Select(ns => new
            {
                ns.NamespaceId,
                ns.NamespaceName,
                ns.RegionId,
                ns.NameSpaceShortId,
                ns.VpcId,
                ns.VSwitchId,
                ns.SecurityGroupId,
                ns.Custom,
                Current = false,
                HybridCloudEnable = false,
            }));
    }

    /// <summary>NamespaceId and SecretId from the query, or null once the parameter error is answered.</summary>
    static async Task<(string NamespaceId, long SecretId)?> RequireSecretAsync(SaeCall call)
    {
        var namespaceId = call.NamespaceId;
        if (string.IsNullOrEmpty(namespaceId))
        {
            await NotEmptyAsync(call.Context, "NamespaceId");
            return null;
        }
        var secretIdText = call.Query.GetValueOrDefault("SecretId");
        if (string.IsNullOrEmpty(secretIdText))
        {
            await NotEmptyAsync(call.Context, "SecretId");
            return null;
        }
        if (!TryParseSecretId(secretIdText, out var secretId))
        {
            await InvalidAsync(call.Context, "SecretId");
            return null;
        }
        return (namespaceId, secretId);
    }

    /// <summary>
    /// SecretData where the config (SecretDataLocation) says this emulator reads it (UpdateSecret and CreateSecret
    /// alike), or null once the error is answered.
    /// </summary>
    static async Task<Dictionary<string, string>?> ReadSecretDataAsync(SaeCall call)
    {
        var location = call.State.Config.SecretDataLocation;
        var queryText = call.Query.GetValueOrDefault("SecretData");
        if (location == SecretDataLocations.Query && string.IsNullOrEmpty(queryText))
        {
            // A gateway validating the 2024 definition refuses before SAE sees the call: no ErrorCode, no TraceId.
            await ApiResponses.WriteJsonAsync(call.Context, 400, new
            {
                RequestId = call.Received.RequestId,
                Code = "MissingSecretData",
                Message = "SecretData is mandatory for this action.",
            }, "MissingSecretData");
            return null;
        }
        var source = location != SecretDataLocations.Body && !string.IsNullOrEmpty(queryText)
            ? System.Text.Encoding.UTF8.GetBytes(queryText)
            : location == SecretDataLocations.Query ? [] : call.Received.Body;
        var (data, problem) = ReadSecretData(source);
        if (problem is not null)
        {
            await ApiResponses.WriteSaeErrorAsync(call.Context, 400, problem.Value.Code, problem.Value.Message);
            return null;
        }
        return data;
    }

    static Task WriteSuccessAsync(HttpContext context, object data) =>
        ApiResponses.WriteJsonAsync(context, 200, new
        {
            RequestId = ApiResponses.RequestIdOf(context),
            Message = "success",
            TraceId = ApiResponses.NewTraceId(),
            Data = data,
            Code = "200",
            Success = true,
        }, "200");

    static Task SecretNotFoundAsync(HttpContext context, long secretId) =>
        ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidSecretId.NotFound",
            $"The specified SecretId [{secretId}] does not exist in our records.");

    static Task NamespaceNotFoundAsync(HttpContext context, string namespaceId) =>
        ApiResponses.WriteSaeErrorAsync(context, 404, "InvalidNamespaceId.NotFound",
            $"The specified NamespaceId [{namespaceId}] does not exist.");

    public static bool TryParseSecretId(string? text, out long secretId) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out secretId);

    /// <summary>
    /// {"SecretData":"<JSON of key -> base64>"}, from the body or the SecretData query parameter (the same text), into
    /// the new data map, or the SAE error it earns.
    /// </summary>
    static (Dictionary<string, string>? Data, (string Code, string Message)? Problem) ReadSecretData(byte[] body)
    {
        var notEmpty = ("InvalidParameter.NotEmpty", "You must specify the parameter SecretData.");
        var invalid = ("InvalidParameter.Obviously", "The specified parameter is invalid {SecretData}.");
        if (body.Length == 0)
        {
            return (null, notEmpty);
        }

        string? secretDataText;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, invalid);
            }
            if (!document.RootElement.TryGetProperty("SecretData", out var secretData) || secretData.ValueKind == JsonValueKind.Null)
            {
                return (null, notEmpty);
            }
            if (secretData.ValueKind != JsonValueKind.String)
            {
                return (null, invalid);
            }
            secretDataText = secretData.GetString();
        }
        catch (JsonException)
        {
            return (null, invalid);
        }
        if (string.IsNullOrEmpty(secretDataText))
        {
            return (null, notEmpty);
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var map = JsonDocument.Parse(secretDataText);
            if (map.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, invalid);
            }
            foreach (var member in map.RootElement.EnumerateObject())
            {
                if (member.Value.ValueKind != JsonValueKind.String)
                {
                    return (null, invalid);
                }
                data[member.Name] = member.Value.GetString()!;
            }
        }
        catch (JsonException)
        {
            return (null, invalid);
        }
        if (data.Count == 0)
        {
            return (null, notEmpty);
        }

        // Name the key, never the value: the value is secret material.
        var badKey = data.FirstOrDefault(pair => !IsStrictBase64(pair.Value)).Key;
        if (badKey is not null)
        {
            return (null, ("InvalidParameter.WithMessage", $"The parameter is invalid {{SecretData}}: the value of key [{badKey}] is not valid base64."));
        }
        return (data, null);
    }

    /// <summary>Kubernetes data values: standard alphabet, padded, no whitespace.</summary>
    static bool IsStrictBase64(string value)
    {
        if (value.Length % 4 != 0 || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')))
        {
            return false;
        }
        return Convert.TryFromBase64String(value, new byte[value.Length / 4 * 3], out _);
    }

    static Task NotEmptyAsync(HttpContext context, string parameter) =>
        ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidParameter.NotEmpty", $"You must specify the parameter {parameter}.");

    static Task InvalidAsync(HttpContext context, string parameter) =>
        ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidParameter.Obviously", $"The specified parameter is invalid {{{parameter}}}.");
}
