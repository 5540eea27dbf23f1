using System.Text;

namespace SaeSecret.Emulator;

/// <summary>Alibaba Cloud's PercentEncode rule and the matching decoder for query strings and form bodies.</summary>
static class PercentEncoding
{
    const string HexDigits = "0123456789ABCDEF";

    /// <summary>UTF-8 bytes; A-Z a-z 0-9 - _ . ~ kept, every other byte %XX upper-case (space is %20, never '+').</summary>
    public static string Encode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
        return text.ToString();
    }

    /// <summary>Decodes %XX sequences as UTF-8. '+' becomes a space only in form bodies, where that is the HTML form rule.</summary>
    public static string Decode(string value, bool plusIsSpace)
    {
        if (value.IndexOf('%') < 0 && !(plusIsSpace && value.Contains('+')))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add((byte)((Uri.FromHex(value[i + 1]) << 4) | Uri.FromHex(value[i + 2])));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
                var written = Encoding.UTF8.GetBytes(value.AsSpan(i, length), utf8);
                for (var j = 0; j < written; j++)
                {
                    bytes.Add(utf8[j]);
                }
                i += length - 1;
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Splits "a=1&b=2" into decoded pairs in the order received; a name without '=' gets an empty value.</summary>
    public static List<KeyValuePair<string, string>> ParsePairs(string raw, bool plusIsSpace)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var segment in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = segment.IndexOf('=');
            var name = equals < 0 ? segment : segment[..equals];
            var value = equals < 0 ? "" : segment[(equals + 1)..];
            pairs.Add(new(Decode(name, plusIsSpace), Decode(value, plusIsSpace)));
        }
        return pairs;
    }

    /// <summary>First occurrence wins, matching how the service reads a repeated parameter.</summary>
    public static Dictionary<string, string> FirstValues(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            values.TryAdd(name, value);
        }
        return values;
    }

    static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
