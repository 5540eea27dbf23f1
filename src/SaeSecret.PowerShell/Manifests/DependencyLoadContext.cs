using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace SaeSecret.PowerShell.Manifests
{
    /// <summary>
    /// PowerShell 7: the private load context of the YAML engine, as Microsoft's "Resolving PowerShell module assembly
    /// dependency conflicts" lays it out. This assembly stays in its own context (the default one); when the runtime
    /// cannot find SaeSecret.Yaml there, the Resolving handler loads it into this context, whose
    /// <see cref="Load(AssemblyName)"/> then serves every assembly found in the Dependencies folder (YamlDotNet) and
    /// leaves the rest (the framework) to the default context. So the engine always gets our YamlDotNet, even when the
    /// session already loaded another version of it in the default context or elsewhere.
    /// </summary>
    /// <remarks>Compiled against System.Runtime.Loader's reference assembly; never touched on .NET Framework.</remarks>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        private DependencyLoadContext(string folder)
        {
            _folder = folder;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Register(string folder)
        {
            var context = new DependencyLoadContext(folder);
            var home = GetLoadContext(typeof(DependencyLoadContext).Assembly) ?? Default;
            home.Resolving += (requester, name) =>
                string.Equals(name.Name, YamlEngineLoader.EngineName, StringComparison.Ordinal) ? context.LoadFromAssemblyName(name) : null;
        }

        /// <summary>The context an assembly was loaded into, for diagnostics and tests: "Default", or this class's name.</summary>
        public static string ContextOf(Assembly assembly) => GetLoadContext(assembly)?.GetType().Name ?? "none";

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
