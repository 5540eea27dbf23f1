using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SaeSecret.Emulator;

/// <summary>The answer shapes Alibaba Cloud uses: SAE-level errors, gateway errors, and plain JSON.</summary>
static class ApiResponses
{
    public const string JsonContentType = "application/json;charset=utf-8";

    // PascalCase exactly as written, and '+' or '/' in tokens left readable rather than \u002B.
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string RequestIdOf(HttpContext context) =>
        ReceivedRequest.Of(context)?.RequestId ?? Guid.NewGuid().ToString("D").ToUpperInvariant();

    public static string NewTraceId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(15));

    public static Task WriteJsonAsync(HttpContext context, int status, object body, string? code = null) =>
        WriteTextAsync(context, status, JsonContentType, JsonSerializer.Serialize(body, JsonOptions), code);

    public static async Task WriteTextAsync(HttpContext context, int status, string contentType, string body, string? code = null)
    {
        if (ReceivedRequest.Of(context) is { } received)
        {
            received.AnsweredCode = code;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>An error raised by SAE itself: carries ErrorCode, Success=false and a TraceId.</summary>
    public static Task WriteSaeErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteJsonAsync(context, status, new
        {
            RequestId = RequestIdOf(context),
            Code = code,
            Message = message,
            ErrorCode = code,
            Success = false,
            TraceId = NewTraceId(),
        }, code);

    /// <summary>An error raised by the API gateway before the product sees the call (signature, RAM, throttling).</summary>
    public static Task WriteGatewayErrorAsync(HttpContext context, int status, string code, string message, string product = "sae") =>
        WriteJsonAsync(context, status, new
        {
            RequestId = RequestIdOf(context),
            HostId = context.Request.Host.Value ?? "",
            Code = code,
            Message = message,
            Recommend = $"https://api.aliyun.com/troubleshoot?q={Uri.EscapeDataString(code)}&product={product}",
        }, code);

    public static Task WriteVerificationFailureAsync(HttpContext context, Verification failure, string product = "sae") =>
        WriteGatewayErrorAsync(context, failure.Status, failure.Code!, failure.Message!, product);

    /// <summary>Admin API errors: loopback test plumbing, so a plain message is enough.</summary>
    public static Task WriteAdminErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new { Error = message });
}
