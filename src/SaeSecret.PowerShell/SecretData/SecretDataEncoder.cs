using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using System.Text;
using Newtonsoft.Json;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>A SecretData map ready to send: the request body and the key names (never the values).</summary>
    internal sealed class EncodedSecretData
    {
        internal EncodedSecretData(string[] keys, string[] base64Values, byte[] body)
        {
            Keys = keys;
            Base64Values = base64Values;
            Body = body;
        }

        /// <summary>The encoded values, kept only so that error text from the service can be scrubbed of them.</summary>
        internal string[] Base64Values { get; }

        /// <summary>Key names, sorted ordinally.</summary>
        public string[] Keys { get; }

        /// <summary>UTF-8 bytes of {"SecretData":"&lt;JSON of key → base64&gt;"}.</summary>
        public byte[] Body { get; }

        public override string ToString() => "SecretData with keys: " + string.Join(", ", Keys);
    }

    /// <summary>
    /// Turns a user's key → value map into the UpdateSecret body. Values become Kubernetes data values
    /// (base64 of the raw bytes, UTF-8 for text), or are checked as base64 when the caller says they already are.
    /// </summary>
    internal static class SecretDataEncoder
    {
        /// <summary>The Kubernetes limit on a Secret's size, applied to the whole request body.</summary>
        public const int MaxBodyBytes = 1024 * 1024;

        public const int MaxKeyLength = 253;

        public static EncodedSecretData Encode(IEnumerable<KeyValuePair<string, object?>>? entries, bool base64Encoded)
        {
            if (entries == null)
            {
                throw new SaeInputException(ErrorIds.SecretDataEmpty,
                    "SecretData is null. Pass a hashtable of key names to values, e.g. @{ password = 'value' }.", "SecretData");
            }

            var encoded = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                ValidateKey(entry.Key);
                if (encoded.ContainsKey(entry.Key))
                {
                    throw new SaeInputException(ErrorIds.SecretDataKeyInvalid,
                        "SecretData has the key '" + entry.Key + "' twice. Keys must be unique.", "SecretData");
                }
                encoded.Add(entry.Key, EncodeValue(entry.Key, entry.Value, base64Encoded));
            }

            if (encoded.Count == 0)
            {
                throw new SaeInputException(ErrorIds.SecretDataEmpty,
                    "SecretData has no keys. An update replaces the whole secret, so at least one key is required.", "SecretData");
            }

            var inner = new StringBuilder(64);
            inner.Append('{');
            bool first = true;
            foreach (var pair in encoded)
            {
                if (!first) inner.Append(',');
                first = false;
                inner.Append(JsonConvert.ToString(pair.Key)).Append(':').Append(JsonConvert.ToString(pair.Value));
            }
            inner.Append('}');

            var body = Encoding.UTF8.GetBytes("{\"SecretData\":" + JsonConvert.ToString(inner.ToString()) + "}");
            if (body.Length > MaxBodyBytes)
            {
                throw new SaeInputException(ErrorIds.SecretDataTooLarge,
                    string.Format(CultureInfo.InvariantCulture,
                        "SecretData is too large: the request body would be {0:N0} bytes and the limit for a Kubernetes Secret is {1:N0} bytes (1 MiB). Split the data across several secrets.",
                        body.Length, MaxBodyBytes), "SecretData");
            }

            var keys = new string[encoded.Count];
            encoded.Keys.CopyTo(keys, 0);
            var values = new string[encoded.Count];
            encoded.Values.CopyTo(values, 0);
            return new EncodedSecretData(keys, values, body);
        }

        public static void ValidateKey(string key)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new SaeInputException(ErrorIds.SecretDataKeyEmpty,
                    "SecretData has an empty key. Every key needs a name made of letters, digits, '-', '_' or '.'.", "SecretData");
            }
            if (key.Length > MaxKeyLength)
            {
                throw new SaeInputException(ErrorIds.SecretDataKeyInvalid,
                    "SecretData key '" + key.Substring(0, 32) + "…' is longer than " + MaxKeyLength + " characters.", "SecretData");
            }
            if (key == "." || key.StartsWith("..", StringComparison.Ordinal))
            {
                throw new SaeInputException(ErrorIds.SecretDataKeyInvalid,
                    "SecretData key '" + key + "' is reserved: Kubernetes does not allow '.', '..' or a key starting with '..'.", "SecretData");
            }
            foreach (var c in key)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (!ok)
                {
                    throw new SaeInputException(ErrorIds.SecretDataKeyInvalid,
                        "SecretData key '" + key + "' is not a valid Kubernetes data key: use only letters, digits, '-', '_' and '.'.", "SecretData");
                }
            }
        }

        /// <summary>
        /// Only values with one obvious text are taken: text, bytes, numbers (invariant culture; doubles and floats in
        /// their shortest round-trip form) and booleans (true/false, as in JSON). Anything else would be stored as
        /// whatever its ToString happens to give, such as a type name or a culture's date format.
        /// </summary>
        private static string EncodeValue(string key, object? value, bool base64Encoded)
        {
            switch (value)
            {
                case null:
                    throw new SaeInputException(ErrorIds.SecretDataValueNull,
                        "The value of SecretData key '" + key + "' is null. Give a value (an empty string is allowed) or remove the key.", "SecretData");
                case byte[] bytes:
                    if (base64Encoded)
                    {
                        throw new SaeInputException(ErrorIds.SecretDataValueNotBase64,
                            "The value of SecretData key '" + key + "' is a byte array (raw bytes), but -Base64Encoded says values are base64 text. Drop -Base64Encoded to have the bytes encoded, or pass base64 strings.", "SecretData");
                    }
                    return Convert.ToBase64String(bytes);
                case SecureString secure:
                    return EncodeSecureString(key, secure, base64Encoded);
                case string text:
                    return EncodeText(key, text, base64Encoded);
                case char[] chars:
                    return EncodeChars(key, chars, base64Encoded);
                case bool flag:
                    return EncodeText(key, flag ? "true" : "false", base64Encoded);
                case double number:
                    return EncodeText(key, number.ToString("R", CultureInfo.InvariantCulture), base64Encoded);
                case float number:
                    return EncodeText(key, number.ToString("R", CultureInfo.InvariantCulture), base64Encoded);
                case sbyte _:
                case byte _:
                case short _:
                case ushort _:
                case int _:
                case uint _:
                case long _:
                case ulong _:
                case decimal _:
                    return EncodeText(key, ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture), base64Encoded);
                case System.Collections.IEnumerable _:
                    throw new SaeInputException(ErrorIds.SecretDataValueUnsupported,
                        "The value of SecretData key '" + key + "' is a collection (" + value.GetType().Name + "); a secret value must be a single string, SecureString, byte[], char[], number or boolean. Join it into one string, or convert it with ConvertTo-Json if the JSON text is what you want to store.",
                        "SecretData");
                default:
                    throw new SaeInputException(ErrorIds.SecretDataValueUnsupported,
                        "The value of SecretData key '" + key + "' is a " + value.GetType().FullName + "; a secret value must be a string, SecureString, byte[], char[], number or boolean. Pass the part you mean to store (for a credential, its Password), or convert it to that text yourself.",
                        "SecretData");
            }
        }

        private static string EncodeText(string key, string text, bool base64Encoded)
        {
            if (base64Encoded)
            {
                if (!IsStrictBase64(text))
                {
                    throw NotBase64(key);
                }
                return text;
            }
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        }

        private static string EncodeSecureString(string key, SecureString secure, bool base64Encoded)
        {
            var chars = SecureText.ToChars(secure);
            try
            {
                return EncodeChars(key, chars, base64Encoded);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <summary>Encodes secret characters without making a string of them; the caller's array is left as it is.</summary>
        private static string EncodeChars(string key, char[] chars, bool base64Encoded)
        {
            if (base64Encoded)
            {
                if (!IsStrictBase64(chars))
                {
                    throw NotBase64(key);
                }
                return new string(chars);
            }
            var bytes = Encoding.UTF8.GetBytes(chars);
            try
            {
                return Convert.ToBase64String(bytes);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        private static SaeInputException NotBase64(string key) =>
            new SaeInputException(ErrorIds.SecretDataValueNotBase64,
                "The value of SecretData key '" + key + "' is not valid base64, but -Base64Encoded says it is. Pass base64 text (A-Z, a-z, 0-9, '+', '/', '=' padding, no spaces), or drop -Base64Encoded to have plain values encoded.", "SecretData");

        public static bool IsStrictBase64(string text) => text != null && IsStrictBase64(text.ToCharArray());

        private static bool IsStrictBase64(char[] text)
        {
            if (text.Length % 4 != 0) return false;
            int padding = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '=')
                {
                    padding++;
                    continue;
                }
                if (padding > 0) return false;
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
                if (!ok) return false;
            }
            return padding <= 2;
        }
    }
}
