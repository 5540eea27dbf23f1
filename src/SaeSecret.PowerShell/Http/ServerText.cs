using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>Text a server sent, made inert before it reaches an error, Verbose or Debug.</summary>
    internal static class ServerText
    {
        /// <summary>
        /// Replaces control characters (C0, DEL, C1: ESC sequences, CR/LF), the Unicode line and paragraph separators and
        /// the bidirectional overrides and isolates with U+FFFD, so a server cannot fake an extra line, reorder what a
        /// message seems to say, or drive the terminal. The same instance when there are none.
        /// </summary>
        [return: NotNullIfNotNull("text")]
        public static string? Inert(string? text)
        {
            if (text == null) return null;
            int i = 0;
            while (i < text.Length && !IsControl(text[i])) i++;
            if (i == text.Length) return text;
            var sb = new StringBuilder(text.Length);
            sb.Append(text, 0, i);
            for (; i < text.Length; i++)
            {
                sb.Append(IsControl(text[i]) ? '\uFFFD' : text[i]);
            }
            return sb.ToString();
        }

        private static bool IsControl(char c) =>
            c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
            c == '\u2028' || c == '\u2029' ||            // line and paragraph separators
            (c >= '\u202A' && c <= '\u202E') ||           // bidi embeddings and overrides
            (c >= '\u2066' && c <= '\u2069') ||           // bidi isolates
            c == '\u200E' || c == '\u200F' || c == '\u061C'; // bidi marks
    }
}
