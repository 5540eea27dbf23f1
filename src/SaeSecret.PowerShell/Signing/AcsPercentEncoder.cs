using System.Text;

namespace SaeSecret.PowerShell.Signing
{
    /// <summary>
    /// The percent-encoding of the ACS3 signature: UTF-8 bytes, unreserved characters kept, everything else %XX
    /// (upper-case). Written out because Uri.EscapeDataString and WebUtility.UrlEncode differ from it on edge cases.
    /// </summary>
    internal static class AcsPercentEncoder
    {
        private const string HexDigits = "0123456789ABCDEF";

        public static string Encode(string value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            if (IsAllUnreserved(value)) return value;
            var sb = new StringBuilder(value.Length * 3);
            AppendEncoded(sb, value);
            return sb.ToString();
        }

        public static void AppendEncoded(StringBuilder sb, string value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (IsAllUnreserved(value))
            {
                sb.Append(value);
                return;
            }
            var bytes = Encoding.UTF8.GetBytes(value);
            foreach (var b in bytes)
            {
                if (IsUnreserved((char)b))
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
                }
            }
        }

        private static bool IsAllUnreserved(string value)
        {
            foreach (var c in value)
            {
                if (!IsUnreserved(c)) return false;
            }
            return true;
        }

        private static bool IsUnreserved(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~';
    }
}
