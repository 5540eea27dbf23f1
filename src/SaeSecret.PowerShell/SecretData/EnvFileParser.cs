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
    /// Reads a .env file as kubectl --from-env-file and docker compose users write them: KEY=VALUE per line, blank lines
    /// and '#' comments skipped, an optional leading "export ", double-quoted values with \n \r \t \" \\ escapes and
    /// single-quoted literal values (both may span lines), unquoted values literal with trailing white space trimmed.
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
                string value;
                if (raw.Length > 0 && (raw[0] == '"' || raw[0] == '\''))
                {
                    value = Quoted(lines, ref i, raw, fileName, lineNumber);
                }
                else
                {
                    value = raw.TrimEnd();
                }
                entries.Add(new EnvFileEntry(key, value, lineNumber));
            }
            return entries;
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
