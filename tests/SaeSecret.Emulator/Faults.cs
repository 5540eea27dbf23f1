using System.Text;
namespace SaeSecret.Emulator;

/// <summary>
/// A failure a test wants the next matching SAE call(s) to meet: any SAE API unless <see cref="Action"/> names one;
/// NamespaceId and SecretId (when set) must match the query too, so a fault with a SecretId never hits ListSecrets,
/// CreateSecret, DescribeNamespaceList, RestartApplication or DescribeChangeOrder.
/// </summary>
sealed class Fault
{
    public const int Unlimited = -1;

    public static readonly string[] Kinds =
        ["status", "throttle", "drop", "delay", "html", "xml", "malformed", "empty", "successFalse", "noData", "otherId", "inflate"];

    public required string Kind { get; init; }
    public string? Action { get; init; }
    public string? NamespaceId { get; init; }
    public long? SecretId { get; init; }
    public int? Status { get; init; }
    public string? Code { get; init; }
    public int? RetryAfterMs { get; init; }
    public int? DelayMs { get; init; }

    /// <summary>How many more requests this fault hits; <see cref="Unlimited"/> until cleared.</summary>
    public int Remaining { get; set; } = 1;

    public bool Matches(string action, string? namespaceId, long? secretId) =>
        (Action is null || Action == action) && (NamespaceId is null || NamespaceId == namespaceId) && (SecretId is null || SecretId == secretId);
}

/// <summary>Faults in the order added; the first matching one is consumed first.</summary>
sealed class FaultQueue
{
    readonly object gate = new();
    readonly List<Fault> faults = [];

    public void Add(Fault fault)
    {
        lock (gate)
        {
            faults.Add(fault);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    public Fault? TryTake(string action, string? namespaceId, long? secretId)
    {
        lock (gate)
        {
            var fault = faults.FirstOrDefault(candidate => candidate.Matches(action, namespaceId, secretId));
            if (fault is not null && fault.Remaining != Fault.Unlimited && --fault.Remaining <= 0)
            {
                faults.Remove(fault);
            }
            return fault;
        }
    }
}

/// <summary>Turns a fault into the bad answer (or no answer) a real network path can give.</summary>
static class FaultResponses
{
    const string RpcErrorCode = "OperationFailed.RPCError";

    /// <summary>Answers the fault; true when the request should then be processed normally (delay).</summary>
    public static async Task<bool> ApplyAsync(HttpContext context, Fault fault)
    {
        var requestId = ApiResponses.RequestIdOf(context);
        switch (fault.Kind)
        {
            case "status":
                await WriteStatusAsync(context, fault.Status ?? 500, fault.Code ?? RpcErrorCode);
                return false;
            case "throttle":
                if (fault.RetryAfterMs is { } retryAfter)
                {
                    context.Response.Headers["x-acs-retry-after"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await ApiResponses.WriteGatewayErrorAsync(context, fault.Status ?? 429, fault.Code ?? "Throttling.User",
                    "Request was denied due to user flow control.");
                return false;
            case "drop":
                if (ReceivedRequest.Of(context) is { } received)
                {
                    received.Dropped = true;
                }
                context.Abort();
                return false;
            case "delay":
                await Task.Delay(Math.Max(0, fault.DelayMs ?? 0), context.RequestAborted);
                return true;
            case "html":
                await ApiResponses.WriteTextAsync(context, 502, "text/html",
                    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n");
                return false;
            case "xml":
                await ApiResponses.WriteTextAsync(context, 500, "application/xml",
                    $"<Error><RequestId>{requestId}</RequestId><Code>InternalError</Code><Message>The request processing has failed due to some unknown error.</Message></Error>",
                    "InternalError");
                return false;
            case "malformed":
                await ApiResponses.WriteTextAsync(context, 200, ApiResponses.JsonContentType, "{\"RequestId\":\"X\",\"Success\":tr");
                return false;
            case "empty":
                await ApiResponses.WriteTextAsync(context, 200, ApiResponses.JsonContentType, "");
                return false;
            case "successFalse":
                var code = fault.Code ?? RpcErrorCode;
                await ApiResponses.WriteJsonAsync(context, 200, new
                {
                    RequestId = requestId,
                    Code = code,
                    Message = "Internal RPC request processing error.",
                    Success = false,
                    TraceId = ApiResponses.NewTraceId(),
                }, code);
                return false;
            case "otherId":
                // A success naming another secret than the one asked for.
                await ApiResponses.WriteJsonAsync(context, 200, new
                {
                    RequestId = requestId,
                    Message = "success",
                    TraceId = ApiResponses.NewTraceId(),
                    Data = new { SecretId = "999" },
                    Code = "200",
                    Success = true,
                }, "200");
                return false;
            case "inflate":
                // 1 GiB of zeros, gzip-compressed as the client reads (about 1 MiB on the wire): a decompression bomb.
                context.Response.StatusCode = 200;
                context.Response.ContentType = ApiResponses.JsonContentType;
                context.Response.Headers.ContentEncoding = "gzip";
                if (ReceivedRequest.Of(context) is { } inflated)
                {
                    inflated.AnsweredCode = "inflate";
                }
                try
                {
                    await using var gzip = new System.IO.Compression.GZipStream(context.Response.Body, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true);
                    var zeros = new byte[64 * 1024];
                    for (long written = 0; written < 1L << 30; written += zeros.Length)
                    {
                        await gzip.WriteAsync(zeros, context.RequestAborted);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    // The client stopped reading, as it should.
                }
                return false;
            case "noData":
                await ApiResponses.WriteJsonAsync(context, 200, new
                {
                    RequestId = requestId,
                    Message = "success",
                    Code = "200",
                    Success = true,
                }, "200");
                return false;
            default:
                throw new InvalidOperationException($"Unknown fault kind '{fault.Kind}'.");
        }
    }

    static async Task WriteStatusAsync(HttpContext context, int status, string code)
    {
        var message = code switch
        {
            RpcErrorCode => "Internal RPC request processing error.",
            "ServiceUnavailable" => "The request has failed due to a temporary failure of the server.",
            // The documented template "The parameter is invalid {%s}: %s" quotes the value: clients must not repeat it.
            "InvalidParameter.WithMessage" => $"The parameter is invalid {{SecretData}}: {await ReadSecretDataAsync(context)}",
            _ => $"Injected failure {code}.",
        };
        // SAE itself raises 4xx and its OperationFailed/Invalid codes; other 5xx come from the gateway in front of it.
        await (status < 500 || code.StartsWith("OperationFailed", StringComparison.Ordinal) || code.StartsWith("Invalid", StringComparison.Ordinal)
            ? ApiResponses.WriteSaeErrorAsync(context, status, code, message)
            : ApiResponses.WriteGatewayErrorAsync(context, status, code, message));
    }

    static Task<string> ReadSecretDataAsync(HttpContext context)
    {
        // The body was already read into the request log entry; the query form carries the same text.
        var received = ReceivedRequest.Of(context);
        var body = Encoding.UTF8.GetString(received?.Body ?? []);
        if (body.Length == 0 && received is not null && PercentEncoding.FirstValues(received.QueryPairs).TryGetValue("SecretData", out var inQuery))
        {
            body = inQuery;
        }
        return Task.FromResult(SecretDataOf(body));
    }

    static string SecretDataOf(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("SecretData", out var data) ? data.ToString() : body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }
}
