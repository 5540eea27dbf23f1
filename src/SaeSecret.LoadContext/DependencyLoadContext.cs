using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace SaeSecret.LoadContext
{
    /// <summary>
    /// PowerShell 7: the private load context of SaeSecret's YAML engine, as Microsoft's "Resolving PowerShell module
    /// assembly dependency conflicts" lays it out. SaeSecret.PowerShell stays in its own context (the default one);
    /// when the runtime cannot find the engine there, the Resolving handler loads it into this context, whose
    /// <see cref="Load(AssemblyName)"/> then serves every assembly found in the Dependencies folder (YamlDotNet) and leaves
    /// the rest (the framework) to the default context. So the engine always gets our YamlDotNet, even when the session
    /// already loaded another version of it in the default context or elsewhere.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext? _registered;
        private readonly string _folder;

        private DependencyLoadContext(string folder)
        {
            _folder = folder;
        }

        /// <summary>
        /// Once per process: answers the default context's (or <paramref name="home"/>'s) requests for the assembly named
        /// <paramref name="engineName"/> by loading it from <paramref name="folder"/> into a new private context.
        /// </summary>
        public static void Register(string folder, string engineName, Assembly home)
        {
            lock (Gate)
            {
                if (_registered != null) return;
                var context = new DependencyLoadContext(folder);
                var homeContext = GetLoadContext(home) ?? Default;
                homeContext.Resolving += (requester, name) =>
                    string.Equals(name.Name, engineName, StringComparison.Ordinal) ? context.LoadFromAssemblyName(name) : null;
                _registered = context;
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
