using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Loads SaeSecret.Format.ps1xml (the table view of UpdateSecretResult) the first time a runspace runs
    /// Update-SaeSecret rather than at Import-Module: any FormatsToProcess entry makes PowerShell rebuild its whole
    /// format table at import, which alone would cost more than the rest of the module's import.
    /// </summary>
    internal static class ResultFormat
    {
        public const string FileName = "SaeSecret.Format.ps1xml";

        private static readonly ConditionalWeakTable<Runspace, object> Loaded = new ConditionalWeakTable<Runspace, object>();
        private static readonly object Marker = new object();

        public static void EnsureLoaded(PSCmdlet cmdlet)
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null || Loaded.TryGetValue(runspace, out _)) return;
            var path = Path.Combine(Path.GetDirectoryName(typeof(ResultFormat).Assembly.Location) ?? string.Empty, FileName);
            if (File.Exists(path))
            {
                cmdlet.InvokeCommand.InvokeScript("Update-FormatData -AppendPath $args[0]", false, PipelineResultTypes.None, null, path);
            }
            lock (Loaded)
            {
                if (!Loaded.TryGetValue(runspace, out _)) Loaded.Add(runspace, Marker);
            }
        }
    }
}
