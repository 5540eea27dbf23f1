using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SaeSecret.Bench;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;

// bench describe <endpoint> <count> <keyId> <keySecret> <warmup>   the plain C# baseline for reads: sequential
//     DescribeSecret calls awaited on one HttpClient (what Get-SaeSecret -SecretId and Set-SaeSecret's Unchanged path send).
// bench signer <json-out>                       BenchmarkDotNet on the signer; writes mean ns and allocated bytes.
// bench loop <endpoint> <count> <keyId> <keySecret> <warmup> [sync]   the plain C# baseline: sequential signed
//     UpdateSecret calls awaited on one HttpClient, after <warmup> untimed ones; prints elapsed ms. With "sync", the
//     module's own transport (HttpClient.Send on the calling thread), to show the cmdlet's overhead alone.
switch (args.FirstOrDefault())
{
    case "signer":
        return RunSigner(args[1]);
    case "loop":
        return await RunLoopAsync(new Uri(args[1]), int.Parse(args[2]), args[3], args[4], int.Parse(args[5]), args.Length > 6 && args[6] == "sync");
    case "describe":
        return await RunDescribeLoopAsync(new Uri(args[1]), int.Parse(args[2]), args[3], args[4], int.Parse(args[5]));
    default:
        Console.Error.WriteLine("usage: SaeSecret.Bench signer <json-out> | loop <endpoint> <count> <keyId> <keySecret> <warmup>");
        return 2;
}

static int RunSigner(string jsonOut)
{
    var config = ManualConfig.Create(DefaultConfig.Instance).WithOptions(ConfigOptions.DisableLogFile);
    Summary summary = BenchmarkRunner.Run<SignerBenchmark>(config);
    var report = summary.Reports.Single();
    var result = new
    {
        MeanNanoseconds = report.ResultStatistics!.Mean,
        MedianNanoseconds = report.ResultStatistics.Median,
        AllocatedBytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1,
    };
    File.WriteAllText(jsonOut, JsonSerializer.Serialize(result));
    Console.WriteLine($"signer: mean {result.MeanNanoseconds:F0} ns, {result.AllocatedBytes} B allocated");
    return 0;
}

static async Task<int> RunLoopAsync(Uri endpoint, int count, string keyId, string keySecret, int warmup, bool synchronous)
{
    // The same requests Update-SaeSecret sends, built and signed by the same code, on one HttpClient.
    var client = synchronous ? new SaeClient() : new SaeClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
    var credentials = new StaticCredentialProvider(new AlibabaCloudCredential(keyId, keySecret, null, null, "bench"));
    var retry = new RetryPolicy { MaxRetries = 0 };
    for (int i = 0; i < warmup; i++)
    {
        // Warm-up, as on the PowerShell side: the connection and tiered JIT reach steady state before timing.
        var warm = SecretDataEncoder.Encode([new KeyValuePair<string, object?>("value", "warm-" + i)], false);
        await client.SendAsync(SaeOperations.UpdateSecret(endpoint, "cn-hangzhou:prod", 1 + (i % 20), warm), credentials, retry, null, CancellationToken.None);
    }
    var stopwatch = Stopwatch.StartNew();
    for (int i = 0; i < count; i++)
    {
        var data = SecretDataEncoder.Encode([new KeyValuePair<string, object?>("value", "record-" + i)], false);
        var request = SaeOperations.UpdateSecret(endpoint, "cn-hangzhou:prod", 1 + (i % 20), data);
        var result = await client.SendAsync(request, credentials, retry, null, CancellationToken.None);
        if (!result.Success) throw new InvalidOperationException("update failed");
    }
    stopwatch.Stop();
    Console.WriteLine(stopwatch.Elapsed.TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

static async Task<int> RunDescribeLoopAsync(Uri endpoint, int count, string keyId, string keySecret, int warmup)
{
    var client = new SaeClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
    var credentials = new StaticCredentialProvider(new AlibabaCloudCredential(keyId, keySecret, null, null, "bench"));
    var retry = new RetryPolicy { MaxRetries = 0 };
    for (int i = 0; i < warmup; i++)
    {
        await client.SendAsync(SaeOperations.DescribeSecret(endpoint, "cn-hangzhou:prod", 1 + (i % 20)), credentials, retry, null, CancellationToken.None);
    }
    var stopwatch = Stopwatch.StartNew();
    for (int i = 0; i < count; i++)
    {
        var described = await client.SendAsync(SaeOperations.DescribeSecret(endpoint, "cn-hangzhou:prod", 1 + (i % 20)), credentials, retry, null, CancellationToken.None);
        if (described.Data.Count == 0) throw new InvalidOperationException("describe returned no data");
    }
    stopwatch.Stop();
    Console.WriteLine(stopwatch.Elapsed.TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}
