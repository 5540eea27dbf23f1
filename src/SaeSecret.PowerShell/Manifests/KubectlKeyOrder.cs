using System;
using System.Collections.Generic;
using System.Globalization;

namespace SaeSecret.PowerShell.Manifests
{
    /// <summary>
    /// The order kubectl prints mapping keys in: go-yaml v2's "natural" key order (sigs.k8s.io/yaml re-marshals every map
    /// through it). At the first differing character: two letters compare by code point (so 'Z' before 'a'); a
    /// non-letter comes before a letter; otherwise runs of digits compare by value (a2 before a10), then by length, then by
    /// code point. A key that is a prefix of another comes first.
    /// </summary>
    /// <remarks>
    /// That order is not transitive for some keys with leading zeros (01, 0x1F and 1 each come before the next, in a
    /// circle), and kubectl sorts a Go map, whose key order is random, so for such keys kubectl itself prints a different
    /// order from run to run. Here the keys are first put in ordinal order and then insertion-sorted, which is
    /// deterministic and gives kubectl's order wherever kubectl's is determined.
    /// </remarks>
    internal static class KubectlKeyOrder
    {
        public static List<string> Sort(IEnumerable<string> keys)
        {
            var sorted = new List<string>(keys);
            sorted.Sort(StringComparer.Ordinal);
            for (int i = 1; i < sorted.Count; i++)
            {
                for (int j = i; j > 0 && Less(sorted[j], sorted[j - 1]); j--)
                {
                    var swap = sorted[j];
                    sorted[j] = sorted[j - 1];
                    sorted[j - 1] = swap;
                }
            }
            return sorted;
        }

        /// <summary>go-yaml v2.4.0's keyList.Less for two strings, compared as runes.</summary>
        public static bool Less(string a, string b)
        {
            var ar = Runes(a);
            var br = Runes(b);
            for (int i = 0; i < ar.Length && i < br.Length; i++)
            {
                if (ar[i] == br[i]) continue;
                bool al = IsLetter(ar[i]);
                bool bl = IsLetter(br[i]);
                if (al && bl) return ar[i] < br[i];
                if (al || bl) return bl;
                long an = 0, bn = 0;
                if (ar[i] == '0' || br[i] == '0')
                {
                    for (int j = i - 1; j >= 0 && IsDigit(ar[j]); j--)
                    {
                        if (ar[j] != '0')
                        {
                            an = 1;
                            bn = 1;
                            break;
                        }
                    }
                }
                int ai = i;
                for (; ai < ar.Length && IsDigit(ar[ai]); ai++) an = unchecked(an * 10 + (ar[ai] - '0'));
                int bi = i;
                for (; bi < br.Length && IsDigit(br[bi]); bi++) bn = unchecked(bn * 10 + (br[bi] - '0'));
                if (an != bn) return an < bn;
                if (ai != bi) return ai < bi;
                return ar[i] < br[i];
            }
            return ar.Length < br.Length;
        }

        private static int[] Runes(string s)
        {
            var runes = new List<int>(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    runes.Add(char.ConvertToUtf32(s[i], s[i + 1]));
                    i++;
                }
                else
                {
                    runes.Add(s[i]);
                }
            }
            return runes.ToArray();
        }

        private static bool IsLetter(int rune) =>
            rune < 0x10000 ? char.IsLetter((char)rune) : char.IsLetter(char.ConvertFromUtf32(rune), 0);

        /// <summary>Go's unicode.IsDigit is any decimal digit (Nd); its value is then taken as rune - '0', as go-yaml does.</summary>
        private static bool IsDigit(int rune) =>
            rune < 0x10000
                ? CharUnicodeInfo.GetUnicodeCategory((char)rune) == UnicodeCategory.DecimalDigitNumber
                : CharUnicodeInfo.GetUnicodeCategory(char.ConvertFromUtf32(rune), 0) == UnicodeCategory.DecimalDigitNumber;
    }
}
