using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SaeSecret.Bench;

// bench signer <json-out>   BenchmarkDotNet on the signer; writes mean ns and allocated bytes.
// The C# loops the cmdlets are compared with are in Loops.cs: Invoke-Bench.ps1 loads this assembly into pwsh and
// runs them beside the cmdlets.
switch (args.FirstOrDefault())
{
    case "signer":
        return RunSigner(args[1]);
    default:
        Console.Error.WriteLine("usage: SaeSecret.Bench signer <json-out>");
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
