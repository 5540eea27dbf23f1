using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>One KEY=VALUE of an env file, with the line it started on.</summary>
    internal struct EnvFileEntry
    {
        public EnvFileEntry(string key, string value, int line)
        {
            Key = key;
            Value = value;
            Line = line;
        }

        public string Key { get; }
        public string Value { get; }
        public int Line { get; }
    }

    /// <summary>
    /// Reads a .env file by Docker Compose's documented rules: KEY=VALUE per line, blank lines and '#' comment lines
    /// skipped, an optional leading "export ", white space around the key and around an unquoted value trimmed, an
    /// inline comment on an unquoted value starting at a '#' that follows white space ("a#b" stays "a#b"). A quoted
    /// value keeps everything between its quotes and may span lines: double quotes unwrap \n \r \t \" \\ (any other
    /// backslash is kept), single quotes are literal but for \' (a quote); after the closing quote only white space and
    /// a '#' comment may follow. Stricter than Compose and dotenv on purpose: a line without '=', an unterminated quote
    /// or text after a closing quote is an error, not a guess. No $VAR interpolation: '$' is always literal.
    /// Errors name the file and the line, never the line's content (it may hold a secret).
    /// </summary>
    internal static class EnvFileParser
    {
        public static List<EnvFileEntry> Parse(byte[] bytes, string fileName)
        {
            int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException)
            {
                throw Error(ErrorIds.EnvFileInvalid, fileName, 0, "is not UTF-8 text");
            }
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                // A carriage return that does not end a CRLF: Compose keeps it in the value, npm's dotenv ends the line
                // there (or reads it as \n inside quotes). Neither guess is safe for a secret.
                if (lines[i].IndexOf('\r') >= 0)
                {
                    throw Error(ErrorIds.EnvFileLineInvalid, fileName, i + 1,
                        "has a carriage return that is not part of a CRLF line end (classic Mac line ends?); save the file with LF or CRLF line ends");
                }
            }
            var entries = new List<EnvFileEntry>();
            for (int i = 0; i < lines.Length; i++)
            {
                int lineNumber = i + 1;
                var line = lines[i];
                var content = line.TrimStart();
                if (content.Length == 0 || content[0] == '#') continue;
                if (content.StartsWith("export", StringComparison.Ordinal) && content.Length > 6 && (content[6] == ' ' || content[6] == '\t'))
                {
                    content = content.Substring(7).TrimStart();
                }
                int equals = content.IndexOf('=');
                if (equals < 0) throw Error(ErrorIds.EnvFileLineInvalid, fileName, lineNumber, "has no '=' (a line must be KEY=VALUE)");
                var key = content.Substring(0, equals).Trim();
                try
                {
                    SecretDataEncoder.ValidateKey(key);
                }
                catch (SaeInputException ex)
                {
                    // Not the key itself: a malformed line's "key" may be part of a value.
                    throw Error(ex.ErrorId, fileName, lineNumber, "has an invalid key (a key is 1 to 253 letters, digits, '-', '_' or '.', and not '.' or '..')");
                }
                var raw = content.Substring(equals + 1);
                var trimmed = raw.TrimStart();
                string value = trimmed.Length > 0 && (trimmed[0] == '"' || trimmed[0] == '\'')
                    ? Quoted(lines, ref i, trimmed, fileName, lineNumber)
                    : Unquoted(raw);
                entries.Add(new EnvFileEntry(key, value, lineNumber));
            }
            return entries;
        }

        /// <summary>
        /// Everything after the '=' of an unquoted value: an inline comment starts at a '#' that follows white space
        /// (the white space between '=' and the value counts, so "KEY= # note" is empty), and what is left is trimmed.
        /// </summary>
        private static string Unquoted(string raw)
        {
            for (int j = 1; j < raw.Length; j++)
            {
                if (raw[j] == '#' && char.IsWhiteSpace(raw[j - 1])) return raw.Substring(0, j).Trim();
            }
            return raw.Trim();
        }

        /// <summary>A quoted value from its opening quote, over as many lines as it takes; <paramref name="i"/> ends on its last line.</summary>
        private static string Quoted(string[] lines, ref int i, string raw, string fileName, int startLine)
        {
            char quote = raw[0];
            var value = new StringBuilder();
            var rest = raw.Substring(1);
            while (true)
            {
                for (int j = 0; j < rest.Length; j++)
                {
                    char c = rest[j];
                    if (c == quote)
                    {
                        var after = rest.Substring(j + 1).Trim();
                        if (after.Length > 0 && after[0] != '#')
                        {
                            throw Error(ErrorIds.EnvFileLineInvalid, fileName, i + 1, "has text after the closing quote");
                        }
                        return value.ToString();
                    }
                    if (quote == '\'' && c == '\\' && j + 1 < rest.Length)
                    {
                        // Compose's one escape in single quotes: \' is a quote; any other backslash stays, paired with
                        // the character after it, so '\\' ends with the quote after it.
                        char next = rest[j + 1];
                        if (next != '\'') value.Append(c);
                        value.Append(next);
                        j++;
                        continue;
                    }
                    if (quote == '"' && c == '\\' && j + 1 < rest.Length)
                    {
                        char next = rest[j + 1];
                        switch (next)
                        {
                            case 'n': value.Append('\n'); j++; continue;
                            case 'r': value.Append('\r'); j++; continue;
                            case 't': value.Append('\t'); j++; continue;
                            case '"': value.Append('"'); j++; continue;
                            case '\\': value.Append('\\'); j++; continue;
                        }
                    }
                    value.Append(c);
                }
                if (i + 1 >= lines.Length)
                {
                    throw Error(ErrorIds.EnvFileQuoteUnterminated, fileName, startLine, "opens a quoted value that is never closed");
                }
                i++;
                value.Append('\n');
                rest = lines[i];
            }
        }

        private static SaeInputException Error(string errorId, string fileName, int line, string what) =>
            new SaeInputException(errorId,
                line > 0
                    ? string.Format(CultureInfo.InvariantCulture, "{0}, line {1}, {2}.", fileName, line, what.TrimEnd('.'))
                    : string.Format(CultureInfo.InvariantCulture, "{0} {1}.", fileName, what.TrimEnd('.')),
                "EnvFile");
    }
}
