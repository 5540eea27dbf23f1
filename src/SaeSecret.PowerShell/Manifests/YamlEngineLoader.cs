using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace SaeSecret.PowerShell.Manifests
{
    /// <summary>
    /// Makes the YAML engine (SaeSecret.Yaml, and the YamlDotNet it was built with) loadable from the module's
    /// Dependencies folder, the first time a manifest cmdlet runs; Import-Module loads neither. PowerShell never probes
    /// that folder, so a YamlDotNet another module brought cannot be picked up by mistake, nor ours by it:
    /// on PowerShell 7 both load into a private AssemblyLoadContext (SaeSecret.LoadContext.dll, also in Dependencies,
    /// reached by reflection so that this assembly never names AssemblyLoadContext), where the engine's YamlDotNet
    /// resolves to the copy beside it whatever YamlDotNet the session already holds; on Windows PowerShell 5.1 (no load
    /// contexts) AppDomain.AssemblyResolve loads them from the folder (<see cref="FrameworkResolver"/>).
    /// </summary>
    /// <remarks>
    /// Only the methods of <see cref="YamlEngine"/> that the cmdlets reach after <see cref="EnsureReady"/> name engine
    /// types, so no type in this assembly makes the runtime look for the engine before then. Without the folder (the
    /// build output, the test host) the engine is found next to this assembly as usual.
    /// </remarks>
    internal static class YamlEngineLoader
    {
        public const string EngineName = "SaeSecret.Yaml";
        public const string LoadContextName = "SaeSecret.LoadContext";
        public const string YamlDotNetName = "YamlDotNet";
        public const string FolderName = "Dependencies";

        private static readonly object Gate = new object();
        private static bool _ready;

        /// <summary>&lt;module folder&gt;/Dependencies.</summary>
        public static string DependencyFolder =>
            Path.Combine(Path.GetDirectoryName(typeof(YamlEngineLoader).Assembly.Location) ?? string.Empty, FolderName);

        /// <summary>How the engine is found: "load context", "AssemblyResolve", or "default probing" (no Dependencies folder).</summary>
        public static string Mode { get; private set; } = "not loaded";

        public static void EnsureReady()
        {
            if (Volatile.Read(ref _ready)) return;
            lock (Gate)
            {
                if (_ready) return;
                var folder = DependencyFolder;
                if (!File.Exists(Path.Combine(folder, EngineName + ".dll")))
                {
                    Mode = "default probing";
                }
                else if (IsNetFramework)
                {
                    FrameworkResolver.Register(folder);
                    Mode = "AssemblyResolve";
                }
                else
                {
                    RegisterLoadContext(folder);
                    Mode = "load context";
                }
                Volatile.Write(ref _ready, true);
            }
        }

        /// <summary>SaeSecret.LoadContext.DependencyLoadContext.Register(folder, engine name, this assembly), by reflection.</summary>
        private static void RegisterLoadContext(string folder)
        {
            var assembly = Assembly.LoadFrom(Path.Combine(folder, LoadContextName + ".dll"));
            var register = assembly.GetType(LoadContextName + ".DependencyLoadContext", true)!.GetMethod("Register", BindingFlags.Public | BindingFlags.Static)!;
            register.Invoke(null, new object[] { folder, EngineName, typeof(YamlEngineLoader).Assembly });
        }

        private static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
    }

    /// <summary>
    /// Windows PowerShell 5.1: there is one load context per AppDomain, so the engine is loaded with LoadFrom from the
    /// Dependencies folder when the runtime asks for it, and its YamlDotNet from the same folder. YamlDotNet is strong-named
    /// and its assembly version changes with each major release (18.0.0.0 for 18.x), so .NET Framework keeps ours and another
    /// module's of another major version side by side; a YamlDotNet of the same assembly version that is already loaded
    /// is used instead of ours. Requests for any other YamlDotNet version are left to their owners.
    /// </summary>
    internal static class FrameworkResolver
    {
        public static void Register(string folder)
        {
            AppDomain.CurrentDomain.AssemblyResolve += (sender, args) => Resolve(folder, args.Name);
        }

        private static Assembly? Resolve(string folder, string requested)
        {
            var path = PathFor(folder, requested);
            return path == null ? null : Assembly.LoadFrom(path);
        }

        /// <summary>The file in the folder that answers a request: the engine, or YamlDotNet of exactly our version; else null.</summary>
        internal static string? PathFor(string folder, string requested)
        {
            var name = new AssemblyName(requested);
            if (!string.Equals(name.Name, YamlEngineLoader.EngineName, StringComparison.Ordinal) &&
                !string.Equals(name.Name, YamlEngineLoader.YamlDotNetName, StringComparison.Ordinal)) return null;
            var path = Path.Combine(folder, name.Name + ".dll");
            if (!File.Exists(path)) return null;
            if (name.Version != null && AssemblyName.GetAssemblyName(path).Version != name.Version) return null;
            return path;
        }
    }
}
