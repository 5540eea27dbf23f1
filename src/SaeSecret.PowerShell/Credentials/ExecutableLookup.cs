using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// Where process_command's program is, as the aliyun CLI (Go's exec.LookPath) finds it: a name with a path
    /// separator is a path; a bare name is looked up in PATH's absolute directories only, never in the current
    /// directory or the module's own (Process.Start would try both first, so a planted file there would run).
    /// </summary>
    internal static class ExecutableLookup
    {
        /// <summary>What Windows uses when PATHEXT is unset.</summary>
        public const string DefaultPathExt = ".COM;.EXE;.BAT;.CMD";

        private static readonly MethodInfo? GetUnixFileMode =
            typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });

        /// <summary>The program to start: the path as given, or the full path of the bare name found on PATH; null when not found.</summary>
        public static string? Find(string program)
        {
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            return Find(program, Environment.GetEnvironmentVariable("PATH"), Environment.GetEnvironmentVariable("PATHEXT"), windows,
                windows ? (Func<string, bool>)File.Exists : IsUnixExecutable);
        }

        /// <param name="isExecutable">Whether a candidate file exists and may be run.</param>
        internal static string? Find(string program, string? pathVariable, string? pathExt, bool windows, Func<string, bool> isExecutable)
        {
            if (IsPath(program, windows)) return program;

            var extensions = windows ? Extensions(pathExt) : null;
            foreach (var entry in (pathVariable ?? string.Empty).Split(windows ? ';' : ':'))
            {
                var directory = entry.Trim().Trim('"');
                // An empty or relative entry ("", ".") would mean the current directory again.
                if (directory.Length == 0 || !IsAbsolute(directory, windows)) continue;
                var candidate = Combine(directory, program, windows);
                if (!windows)
                {
                    if (isExecutable(candidate)) return candidate;
                    continue;
                }
                if (HasExtension(program) && isExecutable(candidate)) return candidate;
                foreach (var extension in extensions!)
                {
                    if (isExecutable(candidate + extension)) return candidate + extension;
                }
            }
            return null;
        }

        public static bool IsPath(string program, bool windows) =>
            program.IndexOf('/') >= 0 || (windows && (program.IndexOf('\\') >= 0 || program.IndexOf(':') >= 0));

        private static bool IsAbsolute(string directory, bool windows)
        {
            if (!windows) return directory[0] == '/';
            if (directory.StartsWith(@"\\", StringComparison.Ordinal)) return true;
            return directory.Length >= 3 && char.IsLetter(directory[0]) && directory[1] == ':' && (directory[2] == '\\' || directory[2] == '/');
        }

        private static string Combine(string directory, string name, bool windows)
        {
            var separator = windows ? '\\' : '/';
            return directory[directory.Length - 1] == separator || directory[directory.Length - 1] == '/' ? directory + name : directory + separator + name;
        }

        private static bool HasExtension(string name) => name.LastIndexOf('.') > 0;

        private static List<string> Extensions(string? pathExt)
        {
            var extensions = new List<string>();
            foreach (var extension in (string.IsNullOrWhiteSpace(pathExt) ? DefaultPathExt : pathExt!).Split(';'))
            {
                var trimmed = extension.Trim();
                if (trimmed.Length == 0) continue;
                extensions.Add(trimmed.StartsWith(".", StringComparison.Ordinal) ? trimmed : "." + trimmed);
            }
            return extensions;
        }

        /// <summary>
        /// A file with an execute bit, as shells and Go check; File.GetUnixFileMode is .NET 7+, so older runtimes
        /// only check that the file exists (starting it then fails with a clear error).
        /// </summary>
        private static bool IsUnixExecutable(string path)
        {
            if (!File.Exists(path)) return false;
            if (GetUnixFileMode == null) return true;
            try
            {
                // UserExecute | GroupExecute | OtherExecute
                return (Convert.ToInt32(GetUnixFileMode.Invoke(null, new object[] { path })) & 0x49) != 0;
            }
            catch (TargetInvocationException)
            {
                return false;
            }
        }
    }
}
