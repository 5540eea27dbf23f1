using System.Collections;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Commands;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Bench;

/// <summary>
/// PowerShell's floor for Update-SaeSecret's per-record measure: a binary cmdlet with Update-SaeSecret's parameter
/// declarations (the same pipeline bindings, aliases, transformations and ShouldProcess support) whose record is the C#
/// loop's call and nothing else (<see cref="Loops.Update"/>: encode the bound SecretData, send UpdateSecret, write the
/// result). What it costs beyond the loop is what PowerShell takes to read, bind and dispatch each piped record, which no
/// cmdlet can avoid; what Update-SaeSecret costs beyond it is the module's own per-record work.
/// </summary>
[Cmdlet("Update", "BenchFloor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class UpdateBenchFloorCommand : PSCmdlet
{
    private SaeClient _client = null!;
    private StaticCredentialProvider _credentials = null!;
    private readonly RetryPolicy _retry = new() { MaxRetries = 0 };

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string NamespaceId { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [SecretIdTransformation]
    public long SecretId { get; set; }

    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyCollection]
    [SecretDataTransformation]
    public IDictionary? SecretData { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? RegionId { get; set; }

    [Parameter]
    [EndpointTransformation]
    public Uri Endpoint { get; set; } = null!;

    [Parameter]
    [Credential]
    public PSCredential Credential { get; set; } = null!;

    [Parameter] public System.Security.SecureString? SecurityToken { get; set; }
    [Parameter] [ValidateNotNullOrEmpty] public string? ProfileName { get; set; }
    [Parameter] [ValidateRange(0, 10)] public int MaxRetries { get; set; } = 3;
    [Parameter] [ValidateRange(1, 3600)] public int TimeoutSec { get; set; } = 30;
    [Parameter] public SwitchParameter Base64Encoded { get; set; }
    [Parameter] public SwitchParameter RestartApplications { get; set; }
    [Parameter] public SwitchParameter Merge { get; set; }

    protected override void BeginProcessing()
    {
        _client = new SaeClient();
        var key = Credential.GetNetworkCredential();
        _credentials = new StaticCredentialProvider(new AlibabaCloudCredential(key.UserName, key.Password, null, null, "bench"));
    }

    protected override void ProcessRecord()
    {
        var entries = new List<KeyValuePair<string, object?>>(SecretData!.Count);
        foreach (DictionaryEntry entry in SecretData) entries.Add(new KeyValuePair<string, object?>((string)entry.Key, entry.Value));
        var data = SecretDataEncoder.Encode(entries, false);
        var result = _client.SendAsync(SaeOperations.UpdateSecret(Endpoint, NamespaceId, SecretId, data), _credentials, _retry, null, CancellationToken.None).GetAwaiter().GetResult();
        WriteObject(result);
    }
}
