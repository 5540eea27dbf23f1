using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SaeSecret.Yaml
{
    /// <summary>
    /// Whether a text, written unquoted, would be read back as text by go-yaml v2 (YAML 1.1 as kubectl prints it:
    /// sigs.k8s.io/yaml quotes a string exactly when go-yaml's resolver would take its plain form for something else).
    /// Read back as something else: the null, boolean and special float words (<c>y</c>, <c>on</c>, <c>NO</c>, <c>~</c>,
    /// <c>.inf</c>...), <c>&lt;&lt;</c>, integers in Go's notations (<c>0777</c>, <c>0x1F</c>, <c>0o17</c>,
    /// <c>0b101</c>, <c>1_000</c>, signed), floats (<c>1.</c>, <c>.5</c>, <c>1e3</c>), dates (<c>2024-2-3</c>) and base-60
    /// numbers (<c>1:30</c>).
    /// </summary>
    internal static class GoYamlScalar
    {
        private static readonly Regex YamlStyleFloat = new Regex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex Base60Float = new Regex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$", RegexOptions.CultureInvariant);
        private static readonly Regex DotFloat = new Regex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex DateOnly = new Regex(@"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$", RegexOptions.CultureInvariant);

        public static bool ReadsAsText(string s)
        {
            if (s.Length == 0) return false;
            if (IsBase60Float(s)) return false;
            switch (s[0])
            {
                case 'y':
                case 'Y':
                case 'n':
                case 'N':
                case 't':
                case 'T':
                case 'f':
                case 'F':
                case 'o':
                case 'O':
                case '~':
                case '<':
                    return !IsMapWord(s);
                case '.':
                    return !IsMapWord(s) && !IsFloat(s, DotFloat);
                case '+':
                case '-':
                case '0':
                case '1':
                case '2':
                case '3':
                case '4':
                case '5':
                case '6':
                case '7':
                case '8':
                case '9':
                    return !IsMapWord(s) && !IsNumberOrDate(s);
                default:
                    return true;
            }
        }

        private static bool IsMapWord(string s)
        {
            switch (s)
            {
                case "y":
                case "Y":
                case "yes":
                case "Yes":
                case "YES":
                case "n":
                case "N":
                case "no":
                case "No":
                case "NO":
                case "true":
                case "True":
                case "TRUE":
                case "false":
                case "False":
                case "FALSE":
                case "on":
                case "On":
                case "ON":
                case "off":
                case "Off":
                case "OFF":
                case "~":
                case "null":
                case "Null":
                case "NULL":
                case ".nan":
                case ".NaN":
                case ".NAN":
                case ".inf":
                case ".Inf":
                case ".INF":
                case "+.inf":
                case "+.Inf":
                case "+.INF":
                case "-.inf":
                case "-.Inf":
                case "-.INF":
                case "<<":
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsNumberOrDate(string s)
        {
            if (IsDate(s)) return true;
            var plain = s.Replace("_", string.Empty);
            if (IsGoInteger(plain)) return true;
            if (IsFloat(plain, YamlStyleFloat)) return true;
            return false;
        }

        /// <summary>Go's strconv.ParseInt/ParseUint with base 0: an optional sign, then 0x, 0o, 0b, a leading 0 (octal) or decimal digits, within 64 bits.</summary>
        internal static bool IsGoInteger(string s)
        {
            int i = 0;
            bool negative = false;
            if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
            {
                negative = s[0] == '-';
                i = 1;
            }
            if (i >= s.Length) return false;
            int radix = 10;
            if (s[i] == '0' && i + 1 < s.Length)
            {
                char p = s[i + 1];
                if (p == 'x' || p == 'X') { radix = 16; i += 2; }
                else if (p == 'o' || p == 'O') { radix = 8; i += 2; }
                else if (p == 'b' || p == 'B') { radix = 2; i += 2; }
                else { radix = 8; i += 1; }
            }
            if (i >= s.Length) return false;
            ulong value = 0;
            for (; i < s.Length; i++)
            {
                int digit = DigitValue(s[i]);
                if (digit < 0 || digit >= radix) return false;
                if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix) return false;
                value = value * (ulong)radix + (ulong)digit;
            }
            // ParseInt takes -2^63..2^63-1; ParseUint (no sign) takes up to 2^64-1.
            if (negative) return value <= 9223372036854775808UL;
            return true;
        }

        private static int DigitValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>The pattern, and a finite value (Go's ParseFloat fails on overflow, and go-yaml then keeps the text).</summary>
        private static bool IsFloat(string s, Regex pattern)
        {
            if (!pattern.IsMatch(s)) return false;
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsInfinity(value);
        }

        /// <summary>go-yaml's "2006-1-2" timestamp form: a real calendar date (Go's proleptic Gregorian, year 0 included).</summary>
        private static bool IsDate(string s)
        {
            var m = DateOnly.Match(s);
            if (!m.Success) return false;
            int year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            int day = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            if (month < 1 || month > 12 || day < 1) return false;
            bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            int[] days = { 31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
            return day <= days[month - 1];
        }

        private static bool IsBase60Float(string s)
        {
            char c = s[0];
            if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || s.IndexOf(':') < 0) return false;
            return Base60Float.IsMatch(s);
        }
    }
}
