using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace SaeSecret.PowerShell.Manifests
{
    /// <summary>
    /// Manifest files as text: at most 4 MiB, UTF-8 (a byte-order mark is dropped) or UTF-16 with its byte-order mark.
    /// A label names the input in messages: a file's path in quotes, or "the piped text".
    /// </summary>
    internal static class ManifestText
    {
        /// <summary>4 MiB, the same bound as the YAML engine's.</summary>
        public const int MaxBytes = 4 * 1024 * 1024;

        public static string ReadFile(string fullPath, string label)
        {
            if (Directory.Exists(fullPath))
            {
                throw new SaeInputException(ErrorIds.ManifestFileNotFound,
                    label + " is a folder, not a manifest file: name its files, e.g. " + Path.Combine(fullPath, "*.yaml") + ".", "Path");
            }
            byte[] buffer;
            int count;
            try
            {
                var info = new FileInfo(fullPath);
                if (!info.Exists)
                {
                    throw new SaeInputException(ErrorIds.ManifestFileNotFound, "The manifest file " + label + " does not exist.", "Path");
                }
                if (info.Length > MaxBytes) throw TooLarge(label, info.Length);
                using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    // The file may have grown since its length was read: never read more than the limit and one byte.
                    buffer = new byte[(int)Math.Min(info.Length, MaxBytes) + 1];
                    count = 0;
                    int read;
                    while (count < buffer.Length && (read = stream.Read(buffer, count, buffer.Length - count)) > 0) count += read;
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SaeInputException(ErrorIds.ManifestFileNotFound,
                    "The manifest file " + label + " cannot be read: " + ex.Message.TrimEnd('.') + ".", "Path");
            }
            if (count > MaxBytes) throw TooLarge(label, count);
            return Decode(buffer, count, label);
        }

        public static string Decode(byte[] bytes, int count, string label)
        {
            try
            {
                if (count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
                {
                    return new UTF8Encoding(false, true).GetString(bytes, 3, count - 3);
                }
                if (count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
                {
                    return new UnicodeEncoding(false, false, true).GetString(bytes, 2, count - 2);
                }
                if (count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
                {
                    return new UnicodeEncoding(true, false, true).GetString(bytes, 2, count - 2);
                }
                return new UTF8Encoding(false, true).GetString(bytes, 0, count);
            }
            catch (DecoderFallbackException)
            {
                throw new SaeInputException(ErrorIds.ManifestYamlInvalid,
                    label + " is not text: it is neither UTF-8 nor UTF-16 with a byte-order mark.", "Path");
            }
        }

        public static SaeInputException TooLarge(string label, long size) =>
            new SaeInputException(ErrorIds.ManifestTooLarge,
                string.Format(CultureInfo.InvariantCulture, "{0} is {1:N0} bytes; a manifest may have at most {2:N0} (4 MiB). Split it into several files.",
                    label, size, MaxBytes),
                "Path");
    }
}
