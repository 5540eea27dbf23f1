using System.Diagnostics;
using System.Globalization;
using System.Net;
using SaeSecret.Emulator;

if (!LaunchOptions.TryParse(args, out var options, out var usageError))
{
    Console.Error.WriteLine(usageError);
    Console.Error.WriteLine("usage: SaeSecret.Emulator [--port N] [--parent-pid PID] [--secretdata-location Either|Query|Body] [--tls-certificate-out PATH]");
    return 2;
}

var state = new EmulatorState(options.SecretDataLocation);

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
// stdout carries exactly the one "listening" line that test harnesses wait for; anything else goes to stderr.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    // SecretData may travel in the query (up to the 1 MiB Secret limit, percent-encoded up to three times that).
    kestrel.Limits.MaxRequestLineSize = 8 * 1024 * 1024;
    kestrel.Limits.MaxRequestHeadersTotalSize = 8 * 1024 * 1024;
    kestrel.Limits.MaxRequestBufferSize = 16 * 1024 * 1024;
    kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
    {
        listen.Use(next => connection =>
        {
            Interlocked.Increment(ref state.Stats.ConnectionsAccepted);
            return next(connection);
        });
        if (options.TlsCertificateOut is { } certificateOut) listen.UseHttps(TlsCertificate.CreateFor127001(certificateOut));
    });
});

var app = builder.Build();

// Read every non-admin request once: log it before anything can answer, then record what was answered.
app.Use(async (context, next) =>
{
    var service = ServiceOf(context.Request.Path);
    if (service is null)
    {
        await next(context);
        return;
    }
    if (service == "sae")
    {
        Interlocked.Increment(ref state.Stats.SaeRequests);
    }
    var received = await ReceivedRequest.ReadAsync(context);
    received.LogEntry = state.Requests.Append(seq => new RequestLogEntry
    {
        Seq = seq,
        Service = service,
        Method = context.Request.Method,
        RawTarget = RequestLogEntry.RedactSecretData(received.RawTarget),
        Path = context.Request.Path.Value ?? "/",
        QueryJson = RequestLogEntry.ToJsonObject(RequestLogEntry.RedactSecretData(received.Parameters())),
        HeadersJson = RequestLogEntry.ToJsonObject(
            context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value.ToString()))),
        BodySha256 = received.BodySha256,
        BodyLength = received.Body.Length,
        Connection = context.Connection.Id,
    });
    if (service is "sae" or "sts")
    {
        context.Response.Headers["x-acs-request-id"] = received.RequestId;
    }
    try
    {
        await next(context);
    }
    catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
    {
        received.Dropped = true;
    }
    finally
    {
        received.LogEntry.Code = received.AnsweredCode;
        received.LogEntry.Status = received.Dropped ? 0 : context.Response.StatusCode;
    }
});

foreach (var path in SaeApi.Paths)
{
    app.Map(path, context => SaeApi.HandleAsync(context, state, path));
}
app.Map("/", context => Sts.HandleAsync(context, state));
app.MapPut(Metadata.TokenPath, context => Metadata.IssueTokenAsync(context, state));
app.MapGet(Metadata.RolesPath, context => Metadata.ListRolesAsync(context, state));
app.MapGet(Metadata.RolesPath + "{role}", context =>
    Metadata.RoleCredentialsAsync(context, state, context.Request.RouteValues["role"] as string ?? ""));
app.MapGet(Metadata.CredentialsUriPath, context => Metadata.CredentialsUriAsync(context, state));
AdminApi.Map(app, state);
// "{*path}", not the default "{*path:nonfile}": a path whose last segment has a dot is an unknown API too.
app.MapFallback("{*path}", context => ServiceOf(context.Request.Path) == "sae"
    ? ApiResponses.WriteGatewayErrorAsync(context, 404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
    : ApiResponses.WriteTextAsync(context, 404, "text/plain;charset=utf-8", "Not Found"));

try
{
    await app.StartAsync();
}
catch (IOException e)
{
    Console.Error.WriteLine($"Cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
    return 1;
}

var address = app.Urls.First();
Console.Out.WriteLine($"SAE emulator listening on {(options.TlsCertificateOut is null ? "http" : "https")}://127.0.0.1:{new Uri(address).Port}");
Console.Out.Flush();

if (options.ParentPid is { } parentPid)
{
    _ = ExitWhenParentExitsAsync(parentPid, app.Lifetime);
}

await app.WaitForShutdownAsync();
return 0;

// Which emulated service a path belongs to; null for the unlogged admin API.
static string? ServiceOf(PathString path)
{
    if (path.StartsWithSegments(Metadata.CredentialsUriPath))
    {
        return "credentials-uri";
    }
    if (path.StartsWithSegments(AdminApi.Prefix))
    {
        return null;
    }
    if (path.StartsWithSegments("/latest"))
    {
        return "metadata";
    }
    return path.Value is null or "" or "/" ? "sts" : "sae";
}

// Test runs must never leave an emulator behind when the process that started it is gone.
static async Task ExitWhenParentExitsAsync(int parentPid, IHostApplicationLifetime lifetime)
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
    do
    {
        if (!IsRunning(parentPid))
        {
            lifetime.StopApplication();
            return;
        }
    }
    while (await timer.WaitForNextTickAsync(lifetime.ApplicationStopping));
}

static bool IsRunning(int pid)
{
    try
    {
        using var process = Process.GetProcessById(pid);
        return !process.HasExited;
    }
    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
    {
        return false;
    }
}

/// <summary>
/// Command line: --port N (0 = any free port), --parent-pid PID, --secretdata-location (where UpdateSecret reads
/// SecretData until a test changes it; reset restores it), and --tls-certificate-out PATH (serve https with a fresh
/// self-signed certificate for 127.0.0.1, whose PEM goes to PATH for a client to trust, e.g. as SSL_CERT_FILE).
/// </summary>
sealed record LaunchOptions(int Port, int? ParentPid, string SecretDataLocation, string? TlsCertificateOut = null)
{
    public static bool TryParse(string[] args, out LaunchOptions options, out string error)
    {
        options = new LaunchOptions(0, null, SecretDataLocations.Either);
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options = options with { Port = port };
                    i++;
                    break;
                case "--parent-pid" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0:
                    options = options with { ParentPid = pid };
                    i++;
                    break;
                case "--secretdata-location" when SecretDataLocations.All.FirstOrDefault(l => string.Equals(l, value, StringComparison.OrdinalIgnoreCase)) is { } location:
                    options = options with { SecretDataLocation = location };
                    i++;
                    break;
                case "--tls-certificate-out" when !string.IsNullOrWhiteSpace(value):
                    options = options with { TlsCertificateOut = value };
                    i++;
                    break;
                default:
                    error = $"Unrecognised or invalid argument '{args[i]}'.";
                    return false;
            }
        }
        return true;
    }
}

static class TlsCertificate
{
    /// <summary>A self-signed certificate for 127.0.0.1 valid for a day either side of now; its PEM is written to <paramref name="pemPath"/>.</summary>
    public static System.Security.Cryptography.X509Certificates.X509Certificate2 CreateFor127001(string pemPath)
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(pemPath, created.ExportCertificatePem());
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(created.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
    }
}
