using System;
using System.Collections.Generic;
using System.IO;
using Newtonsoft.Json;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>
    /// Reads SecretData given as the text of a flat JSON object (a string, a CSV column). Each member keeps its exact
    /// text: strings are only unescaped (no date parsing or time-zone rewriting), numbers and true/false stay as
    /// written (1.10 is not 1.1), null stays null. A member named twice is refused instead of the last one winning.
    /// </summary>
    internal static class SecretDataJson
    {
        public static IList<KeyValuePair<string, string?>> ReadObject(string json)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            var members = new List<KeyValuePair<string, string?>>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var lineStarts = LineStarts(json);
            try
            {
                using (var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None })
                {
                    if (!ReadContent(reader) || reader.TokenType != JsonToken.StartObject) throw NotAnObject();
                    // The reader returns false, rather than throwing, for text that ends inside the object.
                    while (ReadContent(reader) && reader.TokenType != JsonToken.EndObject)
                    {
                        var name = (string)reader.Value!;
                        if (!ReadContent(reader)) throw NotAnObject();
                        var value = ValueText(reader, json, lineStarts, name);
                        if (!names.Add(name))
                        {
                            throw new SaeInputException(ErrorIds.SecretDataKeyDuplicate,
                                "SecretData JSON names the member '" + name + "' twice. Keys must be unique.", "SecretData");
                        }
                        members.Add(new KeyValuePair<string, string?>(name, value));
                    }
                    if (reader.TokenType != JsonToken.EndObject) throw NotAnObject();
                    // As JObject.Parse does: the reader throws on anything but comments after the object.
                    while (reader.Read())
                    {
                    }
                }
            }
            catch (JsonException)
            {
                // Newtonsoft's message quotes the text around the error, which may be a secret value.
                throw NotAnObject();
            }
            return members;
        }

        private static bool ReadContent(JsonTextReader reader)
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment) return true;
            }
            return false;
        }

        private static string? ValueText(JsonTextReader reader, string json, List<int> lineStarts, string name)
        {
            switch (reader.TokenType)
            {
                case JsonToken.String:
                    return (string?)reader.Value;
                case JsonToken.Null:
                    return null;
                case JsonToken.Integer:
                case JsonToken.Float:
                case JsonToken.Boolean:
                case JsonToken.Undefined:
                    return RawText(reader, json, lineStarts);
                default:
                    throw new SaeInputException(ErrorIds.SecretDataValueUnsupported,
                        "SecretData key '" + name + "' holds a JSON object or array; each value must be text, a number or a boolean. Put nested JSON in a string if that is what you want to store.",
                        "SecretData");
            }
        }

        /// <summary>
        /// The token as written: the reader stops just after it, and a number or literal is one run of letters, digits,
        /// '.', '+' and '-' (the character before it is ':', white space or the end of a comment), so it starts where
        /// that run does.
        /// </summary>
        private static string RawText(JsonTextReader reader, string json, List<int> lineStarts)
        {
            int end = lineStarts[reader.LineNumber - 1] + reader.LinePosition;
            int start = end;
            while (start > 0 && IsLiteralChar(json[start - 1])) start--;
            return json.Substring(start, end - start);
        }

        private static bool IsLiteralChar(char c) => char.IsLetterOrDigit(c) || c == '.' || c == '+' || c == '-';

        /// <summary>Where each line starts, counting line breaks as JsonTextReader does: "\r\n", "\r" or "\n".</summary>
        private static List<int> LineStarts(string json)
        {
            var starts = new List<int> { 0 };
            for (int i = 0; i < json.Length; i++)
            {
                if (json[i] == '\r' && i + 1 < json.Length && json[i + 1] == '\n') i++;
                if (json[i] == '\r' || json[i] == '\n') starts.Add(i + 1);
            }
            return starts;
        }

        private static SaeInputException NotAnObject() =>
            new SaeInputException(ErrorIds.SecretDataJsonInvalid,
                "SecretData is a string that starts like JSON but is not a valid JSON object. Pass a hashtable, or a JSON object such as '{\"password\":\"value\"}'.",
                "SecretData");
    }
}
