using System.Globalization;
using System.Text.Json;

namespace SaeSecret.Emulator;

/// <summary>SAE UpdateSecret: faults, then the gateway's signature and RAM checks, then SAE's own validation.</summary>
static class SaeApi
{
    public const string UpdateSecretPath = "/pop/v1/sam/secret/secret";

    public static async Task UpdateSecretAsync(HttpContext context, EmulatorState state)
    {
        var received = ReceivedRequest.Of(context)!;
        if (!HttpMethods.IsPut(context.Request.Method))
        {
            await ApiResponses.WriteGatewayErrorAsync(context, 404, "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.");
            return;
        }

        var query = PercentEncoding.FirstValues(received.QueryPairs);
        var namespaceId = query.GetValueOrDefault("NamespaceId");
        long? secretId = TryParseSecretId(query.GetValueOrDefault("SecretId"), out var parsedId) ? parsedId : null;

        if (state.Faults.TryTake(namespaceId, secretId) is { } fault && !await FaultResponses.ApplyAsync(context, fault))
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

        if (string.IsNullOrEmpty(namespaceId))
        {
            await NotEmptyAsync(context, "NamespaceId");
            return;
        }
        if (string.IsNullOrEmpty(query.GetValueOrDefault("SecretId")))
        {
            await NotEmptyAsync(context, "SecretId");
            return;
        }
        if (secretId is null)
        {
            await InvalidAsync(context, "SecretId");
            return;
        }

        var location = state.Config.SecretDataLocation;
        var queryText = query.GetValueOrDefault("SecretData");
        if (location == SecretDataLocations.Query && string.IsNullOrEmpty(queryText))
        {
            // A gateway validating the 2024 definition refuses before SAE sees the call: no ErrorCode, no TraceId.
            await ApiResponses.WriteJsonAsync(context, 400, new
            {
                RequestId = received.RequestId,
                Code = "MissingSecretData",
                Message = "SecretData is mandatory for this action.",
            }, "MissingSecretData");
            return;
        }
        var source = location != SecretDataLocations.Body && !string.IsNullOrEmpty(queryText)
            ? System.Text.Encoding.UTF8.GetBytes(queryText)
            : location == SecretDataLocations.Query ? [] : received.Body;
        var (data, problem) = ReadSecretData(source);
        if (problem is not null)
        {
            await ApiResponses.WriteSaeErrorAsync(context, 400, problem.Value.Code, problem.Value.Message);
            return;
        }

        switch (state.Secrets.Update(namespaceId, secretId.Value, data!, out var missingKey))
        {
            case UpdateOutcome.SecretNotFound:
                await ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidSecretId.NotFound",
                    $"The specified SecretId [{secretId}] does not exist in our records.");
                return;
            case UpdateOutcome.RequiredKeyMissing:
                await ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidSecretDataKey.NotFound",
                    $"The specified Key [{missingKey}] does not exist in the specified Secret [{secretId}].");
                return;
        }

        Interlocked.Increment(ref state.Stats.SaeUpdatesApplied);
        await ApiResponses.WriteJsonAsync(context, 200, new
        {
            RequestId = received.RequestId,
            Message = "success",
            TraceId = ApiResponses.NewTraceId(),
            Data = new { SecretId = secretId.Value.ToString(CultureInfo.InvariantCulture) },
            Code = "200",
            Success = true,
        }, "200");
    }

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
