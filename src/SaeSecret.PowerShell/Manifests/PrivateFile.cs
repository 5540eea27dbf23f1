using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SaeSecret.PowerShell.Manifests
{
    /// <summary>
    /// Writes a new file that only its owner can read: on Linux and macOS it is created with mode 0600 in the same call
    /// that creates it (FileStreamOptions.UnixCreateMode, .NET 7 and later, reached by reflection from netstandard2.0), so
    /// it is never readable by others, not even for a moment; the umask can only narrow that. Windows has no file modes:
    /// the file gets the permissions its folder passes on. Never follows or replaces what is at the path unless told to
    /// replace: the file is created new (O_EXCL), so a link planted at the path is refused, not written through.
    /// </summary>
    internal static class PrivateFile
    {
        /// <summary>UnixFileMode.UserRead | UnixFileMode.UserWrite (0600).</summary>
        private const int OwnerReadWrite = 256 | 128;

        public static void Write(string path, byte[] content, bool replace)
        {
            if (replace && File.Exists(path)) File.Delete(path);
            using (var stream = CreateNew(path))
            {
                stream.Write(content, 0, content.Length);
            }
        }

        private static FileStream CreateNew(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            }
            var optionsType = typeof(FileStream).Assembly.GetType("System.IO.FileStreamOptions", false);
            var createMode = optionsType?.GetProperty("UnixCreateMode");
            var constructor = optionsType == null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), optionsType });
            if (optionsType == null || createMode == null || constructor == null)
            {
                throw new PlatformNotSupportedException(
                    "This runtime cannot create a file with an owner-only mode (that needs PowerShell 7.3 or later); write the output to a file you protect yourself.");
            }
            var options = Activator.CreateInstance(optionsType)!;
            optionsType.GetProperty("Mode")!.SetValue(options, FileMode.CreateNew);
            optionsType.GetProperty("Access")!.SetValue(options, FileAccess.Write);
            optionsType.GetProperty("Share")!.SetValue(options, FileShare.None);
            var modeType = Nullable.GetUnderlyingType(createMode.PropertyType) ?? createMode.PropertyType;
            createMode.SetValue(options, Enum.ToObject(modeType, OwnerReadWrite));
            try
            {
                return (FileStream)constructor.Invoke(new object[] { path, options });
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }
    }
}
