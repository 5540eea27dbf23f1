using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace SaeSecret.Emulator;

/// <summary>What the emulator saw of one request; bodies are kept only as hash and length.</summary>
sealed class RequestLogEntry
{
    public required long Seq { get; init; }
    public required string Service { get; init; }
    public required string Method { get; init; }
    public required string RawTarget { get; init; }
    public required string Path { get; init; }
    // Kept as UTF-8 JSON: a full 50,000-entry log then costs a third of what string pairs would.
    public required byte[] QueryJson { get; init; }
    public required byte[] HeadersJson { get; init; }
    public required string BodySha256 { get; init; }
    public required long BodyLength { get; init; }
    // The connection it came on (Kestrel's id), to tell which requests shared one.
    public required string Connection { get; init; }

    // Filled in when the answer is known; 0 means no answer yet or the connection was dropped.
    public volatile int Status;
    public volatile string? Code;

    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("Seq", Seq);
        json.WriteString("Method", Method);
        json.WriteString("RawTarget", RawTarget);
        json.WriteString("Path", Path);
        json.WritePropertyName("Query");
        json.WriteRawValue(QueryJson, skipInputValidation: true);
        json.WritePropertyName("Headers");
        json.WriteRawValue(HeadersJson, skipInputValidation: true);
        json.WriteString("BodySha256", BodySha256);
        json.WriteNumber("BodyLength", BodyLength);
        json.WriteString("Connection", Connection);
        json.WriteNumber("Status", Status);
        json.WriteString("Code", Code);
        json.WriteString("Service", Service);
        json.WriteEndObject();
    }

    /// <summary>The SecretData query parameter is secret material: the log keeps only "sha256:&lt;hex of its text&gt;".</summary>
    public static IEnumerable<KeyValuePair<string, string>> RedactSecretData(IEnumerable<KeyValuePair<string, string>> pairs) =>
        pairs.Select(p => p.Key == "SecretData"
            ? new KeyValuePair<string, string>(p.Key, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Value))))
            : p);

    /// <summary>The raw request target with the SecretData parameter's value cut out.</summary>
    public static string RedactSecretData(string rawTarget) =>
        System.Text.RegularExpressions.Regex.Replace(rawTarget, "([?&]SecretData=)[^&]*", "$1<redacted>");

    public static byte[] ToJsonObject(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiResponses.JsonOptions.Encoder }))
        {
            json.WriteStartObject();
            foreach (var (key, value) in pairs)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>Bounded, arrival-ordered log of every non-admin request.</summary>
sealed class RequestLog
{
    const int Capacity = 50_000;

    readonly object gate = new();
    readonly Queue<RequestLogEntry> entries = new();
    long lastSeq;

    public RequestLogEntry Append(Func<long, RequestLogEntry> create)
    {
        lock (gate)
        {
            var entry = create(++lastSeq);
            entries.Enqueue(entry);
            if (entries.Count > Capacity)
            {
                entries.Dequeue();
            }
            return entry;
        }
    }

    public RequestLogEntry[] Snapshot()
    {
        lock (gate)
        {
            return entries.ToArray();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            entries.Clear();
            lastSeq = 0;
        }
    }
}

/// <summary>A request read once at the door: raw target, decoded parameters, body bytes and its hash.</summary>
sealed class ReceivedRequest
{
    static readonly object ItemKey = new();

    public required string RequestId { get; init; }
    public required string RawTarget { get; init; }
    public required string RawPath { get; init; }
    public required string RawQuery { get; init; }
    public required List<KeyValuePair<string, string>> QueryPairs { get; init; }
    public required List<KeyValuePair<string, string>> FormPairs { get; init; }
    public required byte[] Body { get; init; }
    public required string BodySha256 { get; init; }
    public RequestLogEntry? LogEntry { get; set; }

    /// <summary>The error or result code put in the answer, for the request log.</summary>
    public string? AnsweredCode { get; set; }
    public bool Dropped { get; set; }

    public static ReceivedRequest? Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) ? value as ReceivedRequest : null;

    public static async Task<ReceivedRequest> ReadAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var (rawPath, rawQuery) = SplitTarget(rawTarget);

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        var isForm = context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        var received = new ReceivedRequest
        {
            RequestId = Guid.NewGuid().ToString("D").ToUpperInvariant(),
            RawTarget = rawTarget,
            RawPath = rawPath,
            RawQuery = rawQuery,
            QueryPairs = PercentEncoding.ParsePairs(rawQuery, plusIsSpace: false),
            FormPairs = isForm ? PercentEncoding.ParsePairs(Encoding.UTF8.GetString(body), plusIsSpace: true) : [],
            Body = body,
            BodySha256 = Convert.ToHexStringLower(SHA256.HashData(body)),
        };
        context.Items[ItemKey] = received;
        return received;
    }

    /// <summary>Query first, then form fields, first occurrence of a name wins.</summary>
    public Dictionary<string, string> Parameters() => PercentEncoding.FirstValues(QueryPairs.Concat(FormPairs));

    static (string Path, string Query) SplitTarget(string rawTarget)
    {
        // An absolute-form target (via a proxy) still signs only the path.
        if (rawTarget.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rawTarget.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var pathStart = rawTarget.IndexOf('/', rawTarget.IndexOf("//", StringComparison.Ordinal) + 2);
            rawTarget = pathStart < 0 ? "/" : rawTarget[pathStart..];
        }
        var question = rawTarget.IndexOf('?');
        var path = question < 0 ? rawTarget : rawTarget[..question];
        var query = question < 0 ? "" : rawTarget[(question + 1)..];
        return (path.Length == 0 ? "/" : path, query);
    }
}
