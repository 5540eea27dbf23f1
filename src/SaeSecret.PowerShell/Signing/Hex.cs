using System;
using System.Security.Cryptography;
using System.Text;

namespace SaeSecret.PowerShell.Signing
{
    /// <summary>Lower-case hex and the SHA-256 digests the signature is made of.</summary>
    internal static class Hex
    {
        private const string Digits = "0123456789abcdef";

        public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        // One SHA-256 per thread: creating one costs a native handle, and each pipeline hashes twice per record.
        [ThreadStatic] private static SHA256? t_sha256;

        internal static SHA256 ThreadSha256 => t_sha256 ?? (t_sha256 = SHA256.Create());

        public static string Encode(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[2 * i + 1] = Digits[bytes[i] & 0xF];
            }
            return new string(chars);
        }

        /// <summary>Writes the lower-case hex of <paramref name="bytes"/> as ASCII into <paramref name="target"/>.</summary>
        internal static int EncodeAscii(byte[] bytes, byte[] target, int offset)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                target[offset + 2 * i] = (byte)Digits[bytes[i] >> 4];
                target[offset + 2 * i + 1] = (byte)Digits[bytes[i] & 0xF];
            }
            return bytes.Length * 2;
        }

        public static string Sha256(byte[] data)
        {
            if (data == null || data.Length == 0) return EmptySha256;
            return Encode(ThreadSha256.ComputeHash(data));
        }

        public static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text ?? string.Empty));
    }
}
