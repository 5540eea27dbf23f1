using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// An INI file of [section] and key = value lines (# and ; start comments). Errors name the file and line,
    /// never the line's text: it may hold a secret.
    /// </summary>
    internal sealed class IniFile
    {
        private readonly Dictionary<string, Dictionary<string, string>> _sections;

        private IniFile(string path, Dictionary<string, Dictionary<string, string>> sections)
        {
            Path = path;
            _sections = sections;
        }

        public string Path { get; }

        public static IniFile Load(string path)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid, "The credentials file '" + path + "' cannot be read: " + ex.Message.TrimEnd('.') + ".");
            }

            var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            Dictionary<string, string>? current = null;
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
                if (line[0] == '[')
                {
                    var name = line.EndsWith("]", StringComparison.Ordinal) ? line.Substring(1, line.Length - 2).Trim() : string.Empty;
                    if (name.Length == 0) throw Invalid(path, i, "is not a valid [section] header");
                    if (!sections.TryGetValue(name, out current))
                    {
                        current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        sections[name] = current;
                    }
                    continue;
                }
                var equals = line.IndexOf('=');
                if (equals <= 0) throw Invalid(path, i, "is neither a [section] header nor key = value");
                if (current == null) throw Invalid(path, i, "has a key = value line before any [section] header");
                current[line.Substring(0, equals).Trim()] = Unquote(line.Substring(equals + 1).Trim());
            }
            return new IniFile(path, sections);
        }

        /// <summary>The section's keys and values (keys ignore case), or null when there is no such section.</summary>
        public IReadOnlyDictionary<string, string>? Section(string name) => _sections.TryGetValue(name, out var section) ? section : null;

        private static string Unquote(string value) =>
            value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"' ? value.Substring(1, value.Length - 2) : value;

        private static CredentialsException Invalid(string path, int index, string what) =>
            new CredentialsException(ErrorIds.CredentialsInvalid, string.Format(CultureInfo.InvariantCulture,
                "The credentials file '{0}' line {1} {2}.", path, index + 1, what));
    }
}
