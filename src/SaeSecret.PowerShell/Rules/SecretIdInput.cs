using System;
using System.Globalization;
using System.Numerics;

namespace SaeSecret.PowerShell.Rules
{
    /// <summary>
    /// A SecretId as a user gives it: an integer of any CLR integer type, or text of decimal digits (a CSV column),
    /// becomes the 64-bit id; anything else is refused rather than rounded or reinterpreted, because a wrong id
    /// replaces another secret's whole data.
    /// </summary>
    internal static class SecretIdInput
    {
        public static long ToSecretId(object value)
        {
            switch (value)
            {
                case long l: return l;
                case int i: return i;
                case short s: return s;
                case sbyte sb: return sb;
                case byte b: return b;
                case ushort us: return us;
                case uint ui: return ui;
                case ulong ul:
                    if (ul > long.MaxValue) throw OutOfRange();
                    return (long)ul;
                case BigInteger big:
                    if (big > long.MaxValue || big < long.MinValue) throw OutOfRange();
                    return (long)big;
                case string text:
                    return FromText(text);
                default:
                    throw Invalid(value == null ? "null" : "a " + value.GetType().FullName);
            }
        }

        private static long FromText(string text)
        {
            var trimmed = text.Trim();
            int digitsFrom = trimmed.Length > 0 && (trimmed[0] == '-' || trimmed[0] == '+') ? 1 : 0;
            if (trimmed.Length == digitsFrom) throw Invalid("text without digits");
            for (int i = digitsFrom; i < trimmed.Length; i++)
            {
                // Only ASCII digits: '15.5', '1e1', '1kb' and '0x10' would each name another secret if converted.
                if (trimmed[i] < '0' || trimmed[i] > '9') throw Invalid("text with characters other than decimal digits");
            }
            if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)) throw OutOfRange();
            return id;
        }

        // The value itself is not quoted: a shifted CSV column could put a secret where the id belongs.
        private static SaeInputException Invalid(string given) =>
            new SaeInputException(ErrorIds.SecretIdInvalid,
                "SecretId must be a whole number such as 16 (an integer, or text of decimal digits), not " + given +
                ". It is refused rather than rounded or converted: a wrong id would replace another secret's data.",
                "SecretId");

        private static SaeInputException OutOfRange() =>
            new SaeInputException(ErrorIds.SecretIdOutOfRange,
                "SecretId is a whole number too large for a secret id (a 64-bit integer, at most 9223372036854775807).",
                "SecretId");
    }
}
