using BenchmarkDotNet.Attributes;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Bench;

/// <summary>One signature of a typical UpdateSecret request (two keys, long-term key).</summary>
[MemoryDiagnoser]
public class SignerBenchmark
{
    private readonly KeyValuePair<string, string>[] _query =
    [
        new("NamespaceId", "cn-beijing:test"),
        new("SecretId", "16"),
    ];

    private readonly KeyValuePair<string, string>[] _headers =
    [
        new("host", "sae.cn-beijing.aliyuncs.com"),
        new("x-acs-action", "UpdateSecret"),
        new("x-acs-version", "2019-05-06"),
        new("x-acs-date", "2026-11-27T08:00:00Z"),
        new("x-acs-signature-nonce", "6a1f2e0c3b5d4c7e9f80112233445566"),
        new("x-acs-content-sha256", "8650d2cf8458d45d89e656ce2e5b577cb8556a46e7d4083b26d72e89de399451"),
        new("content-type", "application/json; charset=utf-8"),
    ];

    [Benchmark]
    public string Sign() =>
        Acs3Signer.Sign("PUT", "/pop/v1/sam/secret/secret", _query, _headers,
            "8650d2cf8458d45d89e656ce2e5b577cb8556a46e7d4083b26d72e89de399451", "BenchKeyId", "BenchKeySecret-0123456789").Authorization;
}
