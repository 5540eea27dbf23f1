using System.Globalization;

namespace SaeSecret.Emulator;

/// <summary>
/// RestartApplication and DescribeChangeOrder: every parameter in the query, empty body. A restart creates a change
/// order that follows its application's course (ChangeOrders.cs); DescribeChangeOrder moves it one poll on.
/// </summary>
static partial class SaeApi
{
    static async Task RestartApplicationAsync(SaeCall call)
    {
        var (context, state, _, query) = call;
        var appId = query.GetValueOrDefault("AppId");
        if (string.IsNullOrEmpty(appId))
        {
            await NotEmptyAsync(context, "AppId");
            return;
        }
        // MinReadyInstances: 0 allows downtime, -1 the service default. MinReadyInstanceRatio: 0..100, -1 unused.
        if (await ReadOptionalIntAsync(call, "MinReadyInstances", value => value >= -1, "it must be -1 (the default), 0 or more") is not { } minReady
            || await ReadOptionalIntAsync(call, "MinReadyInstanceRatio", value => value is -1 or (>= 0 and <= 100), "it must be -1 (unused) or 0 to 100") is not { } minReadyRatio)
        {
            return;
        }
        bool? autoEnable = null;
        var autoEnableText = query.GetValueOrDefault("AutoEnableApplicationScalingRule");
        if (!string.IsNullOrEmpty(autoEnableText))
        {
            if (!bool.TryParse(autoEnableText, out var parsed))
            {
                await InvalidAsync(context, "AutoEnableApplicationScalingRule");
                return;
            }
            autoEnable = parsed;
        }
        if (state.FindApp(appId) is not { } app)
        {
            await ApiResponses.WriteSaeErrorAsync(context, 400, "InvalidApplication.NotFound",
                $"The specified application [{appId}] does not exist.");
            return;
        }
        if (!state.ChangeOrders.TryStartRestart(app, DateTimeOffset.UtcNow, minReady.Value, minReadyRatio.Value, autoEnable,
            out var order, out var refusal))
        {
            await ApiResponses.WriteSaeErrorAsync(context, 400, refusal!.Value.Code, refusal.Value.Message);
            return;
        }
        call.CountApplied();
        await WriteSuccessAsync(context, new { order!.ChangeOrderId, order.App.AppId });
    }

    static async Task DescribeChangeOrderAsync(SaeCall call)
    {
        var changeOrderId = call.Query.GetValueOrDefault("ChangeOrderId");
        if (string.IsNullOrEmpty(changeOrderId))
        {
            await NotEmptyAsync(call.Context, "ChangeOrderId");
            return;
        }
        if (call.State.ChangeOrders.Poll(changeOrderId, DateTimeOffset.UtcNow) is not { } order)
        {
            await ApiResponses.WriteSaeErrorAsync(call.Context, 400, "InvalidChangeOrder.NotFound",
                $"The specified ChangeOrderId [{changeOrderId}] does not exist.");
            return;
        }
        // An answered poll moves the order on: it counts as applied.
        call.CountApplied();
        await WriteSuccessAsync(call.Context, ChangeOrderData(order));
    }

    /// <summary>DescribeChangeOrder's Data; the admin API's view of an order adds to it.</summary>
    public static Dictionary<string, object?> ChangeOrderData(ChangeOrder order) => new(StringComparer.Ordinal)
    {
        ["AppId"] = order.App.AppId,
        ["AppName"] = order.App.AppName,
        ["ChangeOrderId"] = order.ChangeOrderId,
        ["CoTypeCode"] = order.CoTypeCode,
        ["CreateTime"] = order.CreateTime,
        ["Status"] = order.Status,
        ["SubStatus"] = order.SubStatus,
        ["ErrorMessage"] = order.ErrorMessage,
        ["BatchCount"] = order.Pipelines.Count,
        ["CurrentPipelineId"] = order.CurrentPipelineId,
        ["Pipelines"] = order.Pipelines.Select(pipeline => new
        {
            pipeline.PipelineId,
            pipeline.PipelineName,
            pipeline.Status,
            pipeline.StartTime,
            pipeline.UpdateTime,
        }).ToList(),
    };

    /// <summary>An optional integer parameter as read: Value null when it was not sent.</summary>
    sealed record OptionalInt(int? Value);

    /// <summary>
    /// An optional integer query parameter (absent or empty: Value null), or null once the error is answered (not an
    /// integer: InvalidParameter.Obviously; out of range: InvalidParameter.WithMessage).
    /// </summary>
    static async Task<OptionalInt?> ReadOptionalIntAsync(SaeCall call, string parameter, Func<int, bool> isValid, string rule)
    {
        var text = call.Query.GetValueOrDefault(parameter);
        if (string.IsNullOrEmpty(text))
        {
            return new OptionalInt(null);
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            await InvalidAsync(call.Context, parameter);
            return null;
        }
        if (!isValid(value))
        {
            await ApiResponses.WriteSaeErrorAsync(call.Context, 400, "InvalidParameter.WithMessage",
                $"The parameter is invalid {{{parameter}}}: {rule}.");
            return null;
        }
        return new OptionalInt(value);
    }
}
