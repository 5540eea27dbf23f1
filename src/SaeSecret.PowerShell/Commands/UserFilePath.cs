using System;
using System.IO;
using System.Management.Automation;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// A file path a user gave a cmdlet, as PowerShell reads it: relative to the current location, on the file system.
    /// A path on another PowerShell drive (Env:HOME, Cert:\...) names no file; without this check its provider path
    /// ("HOME") would be taken as a file relative to the process's folder, and read or written there.
    /// </summary>
    internal static class UserFilePath
    {
        /// <summary>The file-system path of <paramref name="path"/>; another provider's path is refused with <paramref name="errorId"/>.</summary>
        public static string OnFileSystem(SessionState state, string path, string parameterName, string errorId)
        {
            var full = state.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (!string.Equals(provider?.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                throw new SaeInputException(errorId,
                    "-" + parameterName + " '" + path + "' is not a file-system path (it names the " + (provider?.Name ?? "unknown") + " provider).", parameterName);
            }
            return full;
        }

        /// <summary><see cref="OnFileSystem"/> for a file to read: a folder is refused too, before anything is derived from its name.</summary>
        public static string OfFileToRead(SessionState state, string path, string parameterName, string errorId)
        {
            var full = OnFileSystem(state, path, parameterName, errorId);
            if (Directory.Exists(full))
            {
                throw new SaeInputException(errorId, "-" + parameterName + " '" + path + "' is a folder, not a file.", parameterName);
            }
            return full;
        }

        /// <summary>The bytes of a file to read; one that cannot be read is SecretDataFileNotFound saying why, naming the path as given.</summary>
        public static byte[] ReadAll(string full, string given, string parameterName)
        {
            try
            {
                return File.ReadAllBytes(full);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SaeInputException(ErrorIds.SecretDataFileNotFound,
                    "-" + parameterName + " '" + given + "' cannot be read: " + ex.Message.TrimEnd('.') + ".", parameterName);
            }
        }
    }
}
