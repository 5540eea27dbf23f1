using System.Diagnostics;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Bench;

/// <summary>
/// The plain C# baselines of the per-record measures, loaded into the same pwsh process as the cmdlets they are
/// compared with (Invoke-Bench.ps1 alternates their rounds): the same requests, built, signed, sent and interpreted by
/// the same code, in a loop with no PowerShell in it. On the module's own transport (HttpClient.Send on the calling
/// thread, the process-wide client) or awaited on a private HttpClient.
/// </summary>
public sealed class Loops
{
    private readonly Uri _endpoint;
    private readonly SaeClient _client;
    private readonly StaticCredentialProvider _credentials;
    private readonly RetryPolicy _retry = new() { MaxRetries = 0 };
    private readonly bool _synchronous;

    public Loops(string endpoint, string keyId, string keySecret, bool synchronous)
    {
        _endpoint = new Uri(endpoint);
        _synchronous = synchronous;
        _client = synchronous ? new SaeClient() : new SaeClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        _credentials = new StaticCredentialProvider(new AlibabaCloudCredential(keyId, keySecret, null, null, "bench"));
    }

    /// <summary>count UpdateSecret calls, one at a time, as Update-SaeSecret sends them; returns the elapsed ms.</summary>
    public double Update(int count) => Time(count, UpdateOne);

    /// <summary>
    /// Record i of <see cref="Update"/> alone, on the calling thread (what the minimal cmdlet of the bench,
    /// <see cref="InvokeBenchMinimalCommand"/>, sends for each piped record); returns the service's answer.
    /// </summary>
    public object UpdateRecord(int i)
    {
        if (!_synchronous) throw new InvalidOperationException("UpdateRecord is the same-transport loop's record.");
        return UpdateOne(i).GetAwaiter().GetResult();
    }

    private async Task<object> UpdateOne(int i)
    {
        var data = SecretDataEncoder.Encode([new KeyValuePair<string, object?>("value", "record-" + i)], false);
        var result = await _client.SendAsync(SaeOperations.UpdateSecret(_endpoint, "cn-hangzhou:prod", 1 + (i % 20), data), _credentials, _retry, null, CancellationToken.None);
        if (!result.Success) throw new InvalidOperationException("update failed");
        return result;
    }

    /// <summary>count DescribeSecret calls, one at a time (what Get-SaeSecret -SecretId sends); returns the elapsed ms.</summary>
    public double Describe(int count) => Time(count, async i =>
    {
        var described = await _client.SendAsync(SaeOperations.DescribeSecret(_endpoint, "cn-hangzhou:prod", 1 + (i % 20)), _credentials, _retry, null, CancellationToken.None);
        if (described.Data.Count == 0) throw new InvalidOperationException("describe returned no data");
    });

    private double Time(int count, Func<int, Task> call)
    {
        if (_synchronous)
        {
            // On the calling thread, as a cmdlet sends (the module's own transport is not used from the thread pool).
            var clock = Stopwatch.StartNew();
            for (int i = 1; i <= count; i++) call(i).GetAwaiter().GetResult();
            return clock.Elapsed.TotalMilliseconds;
        }
        // Awaited off the calling thread, as a console program's Main would be: no synchronization context either way.
        return Task.Run(async () =>
        {
            var stopwatch = Stopwatch.StartNew();
            for (int i = 1; i <= count; i++) await call(i);
            return stopwatch.Elapsed.TotalMilliseconds;
        }).GetAwaiter().GetResult();
    }
}
