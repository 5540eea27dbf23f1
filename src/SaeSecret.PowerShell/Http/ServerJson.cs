using System;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// The one reader of members of a server's JSON answer: text made inert (no control character from a server reaches
    /// a message or a log line), numbers and booleans that are absent or malformed read as null, never an exception.
    /// </summary>
    internal static class ServerJson
    {
        public static string? Text(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.String) return ServerText.Inert((string?)token);
            // A number, boolean or object as its JSON text ("true", not the .NET "True").
            return ServerText.Inert(token.ToString(Formatting.None));
        }

        public static bool? Boolean(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.Boolean) return (bool)token;
            if (token.Type == JTokenType.String && bool.TryParse((string?)token, out var b)) return b;
            return null;
        }

        /// <summary>An integer or its text; a number written as a float is not read (an id must be exact).</summary>
        public static long? Int64(JToken? token) => token != null && token.Type == JTokenType.Float ? null : WholeNumber(token);

        /// <summary>An integer, a whole number written as a float (16.0, 1.7E12), or the text of an integer.</summary>
        public static long? WholeNumber(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            // A number beyond 64 bits parses as BigInteger; TryParse on its text keeps this free of exceptions.
            var text = token.Type == JTokenType.String ? (string?)token
                : token.Type == JTokenType.Integer ? Convert.ToString(((JValue)token).Value, CultureInfo.InvariantCulture)
                : token.Type == JTokenType.Float ? token.ToString()
                : null;
            return text != null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
        }

        /// <summary>Epoch milliseconds (a number or its text) as a UTC DateTime.</summary>
        public static DateTime? EpochMilliseconds(JToken? token)
        {
            var ms = WholeNumber(token);
            if (ms == null || ms < 0 || ms > 253402300799999) return null;
            return new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(ms.Value);
        }
    }
}
