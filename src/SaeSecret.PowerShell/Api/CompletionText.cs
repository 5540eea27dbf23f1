using System;
using System.Text;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// How a completed id is written on the command line: bare when PowerShell reads it back as the same string, else
    /// in quotes (the kind the user started with, single quotes otherwise). Ids come from a server: quoting is also
    /// what keeps one from being read as code.
    /// </summary>
    internal static class CompletionText
    {
        // PowerShell reads these as quote characters too.
        private const string SingleQuotes = "'\u2018\u2019\u201A\u201B";
        private const string DoubleQuotes = "\"\u201C\u201D\u201E";

        /// <summary>The text to insert for <paramref name="value"/>, given what the user has typed so far.</summary>
        public static string For(string value, string? wordToComplete)
        {
            var typed = wordToComplete ?? string.Empty;
            if (typed.Length > 0 && DoubleQuotes.IndexOf(typed[0]) >= 0) return DoubleQuoted(value);
            if (typed.Length > 0 && SingleQuotes.IndexOf(typed[0]) >= 0) return SingleQuoted(value);
            return NeedsQuotes(value) ? SingleQuoted(value) : value;
        }

        /// <summary>What the user typed, without the quote they opened (and closed) it with.</summary>
        public static string Unquoted(string? wordToComplete)
        {
            var typed = wordToComplete ?? string.Empty;
            if (typed.Length == 0) return typed;
            var quotes = SingleQuotes.IndexOf(typed[0]) >= 0 ? SingleQuotes : DoubleQuotes.IndexOf(typed[0]) >= 0 ? DoubleQuotes : null;
            if (quotes == null) return typed;
            typed = typed.Substring(1);
            if (typed.Length > 0 && quotes.IndexOf(typed[typed.Length - 1]) >= 0) typed = typed.Substring(0, typed.Length - 1);
            return typed;
        }

        /// <summary>
        /// Whether a bare argument would not come back as this exact string: empty, anything but ASCII letters, digits
        /// and - _ . : /, or a start PowerShell reads as a parameter (-) or a number (a digit, '.', '+').
        /// </summary>
        public static bool NeedsQuotes(string value)
        {
            if (string.IsNullOrEmpty(value)) return true;
            var first = value[0];
            if (first == '-' || first == '.' || (first >= '0' && first <= '9')) return true;
            foreach (var c in value)
            {
                bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':' || c == '/';
                if (!plain) return true;
            }
            return false;
        }

        public static string SingleQuoted(string value)
        {
            var sb = new StringBuilder(value.Length + 2).Append('\'');
            foreach (var c in value)
            {
                // Any single-quote character ends the string: doubled, it stands for itself.
                if (SingleQuotes.IndexOf(c) >= 0) sb.Append(c);
                sb.Append(c);
            }
            return sb.Append('\'').ToString();
        }

        public static string DoubleQuoted(string value)
        {
            var sb = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                // The backtick escapes what would end the string or expand: quotes, $ and the backtick itself.
                if (c == '`' || c == '$' || DoubleQuotes.IndexOf(c) >= 0) sb.Append('`');
                sb.Append(c);
            }
            return sb.Append('"').ToString();
        }
    }
}
