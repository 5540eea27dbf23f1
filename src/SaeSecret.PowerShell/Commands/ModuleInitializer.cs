using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Run by Import-Module. On Windows PowerShell 5.1, and on PowerShell 7.0 and 7.1 (most of whose releases ship
    /// Newtonsoft.Json 12), it loads the Newtonsoft.Json.dll shipped beside the module with LoadFrom, which is what the manifest's former
    /// RequiredAssemblies entry did, so that the module's references to Newtonsoft.Json 13 resolve to that copy. On
    /// PowerShell 7.2 and later it does nothing: the reference resolves, on first use, to the Newtonsoft.Json 13 that
    /// PowerShell itself ships and has already loaded at startup. PowerShell's handling of a RequiredAssemblies entry cost
    /// about 11 ms of an 84 ms import even so (measured side by side in fresh processes).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        internal const string JsonAssemblyFile = "Newtonsoft.Json.dll";

        /// <summary>Called by PowerShell when the module is imported.</summary>
        public void OnImport()
        {
            if (!NeedsPreload(RuntimeInformation.FrameworkDescription, typeof(PSObject).Assembly.GetName().Version)) return;
            var path = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty, JsonAssemblyFile);
            if (File.Exists(path)) Assembly.LoadFrom(path);
        }

        /// <summary>
        /// True on .NET Framework (Windows PowerShell 5.1) and on PowerShell before 7.2 (System.Management.Automation's
        /// version is PowerShell's), whose own Newtonsoft.Json may not satisfy the module's reference.
        /// </summary>
        internal static bool NeedsPreload(string frameworkDescription, Version? powerShellVersion) =>
            frameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal) ||
            powerShellVersion == null || powerShellVersion < FirstWithJson13;

        private static readonly Version FirstWithJson13 = new Version(7, 2);
    }
}
