using System.Collections;
using System.Management.Automation;

namespace SaeSecret.Bench;

/// <summary>
/// The control of the per-record write measure: a binary cmdlet with none of the module's work. Its pipeline parameters
/// are Update-SaeSecret's (NamespaceId, SecretId, SecretData, RegionId: the same names, types, aliases and pipeline and
/// null attributes; not the module's transformations or completers); for each piped record it sends that record's
/// request through the same-transport loop's own code and instance (<see cref="Loops.UpdateRecord"/>) and writes the
/// answer. What it costs beyond the loop is what PowerShell takes per piped record here; what Update-SaeSecret costs
/// beyond it is the module's own work.
/// </summary>
[Cmdlet("Invoke", "BenchMinimal")]
public sealed class InvokeBenchMinimalCommand : PSCmdlet
{
    private int _record;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string NamespaceId { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    public long SecretId { get; set; }

    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public IDictionary? SecretData { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? RegionId { get; set; }

    /// <summary>The same-transport loop whose record this cmdlet sends.</summary>
    [Parameter(Mandatory = true)]
    public Loops Loop { get; set; } = null!;

    protected override void ProcessRecord() => WriteObject(Loop.UpdateRecord(++_record));
}
