using System.Collections.Generic;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Signing
{
    public class PercentEncodingTests
    {
        public static IEnumerable<object[]> Table() =>
            ((JObject)SignatureVectors.Root["percentEncoding"]).Properties().Select(p => new object[] { p.Name, (string)p.Value });

        [Theory]
        [MemberData(nameof(Table))]
        public void Encodes_like_the_vector_table(string input, string expected)
        {
            Assert.Equal(expected, AcsPercentEncoder.Encode(input));
        }

        [Theory]
        [MemberData(nameof(Table))]
        public void AppendEncoded_agrees_with_Encode(string input, string expected)
        {
            var sb = new StringBuilder("prefix:");
            AcsPercentEncoder.AppendEncoded(sb, input);
            Assert.Equal("prefix:" + expected, sb.ToString());
        }

        [Fact]
        public void Space_is_percent_20_never_plus()
        {
            Assert.Equal("a%20b", AcsPercentEncoder.Encode("a b"));
            Assert.Equal("%2B", AcsPercentEncoder.Encode("+"));
        }

        [Fact]
        public void Star_is_encoded()
        {
            Assert.Equal("%2A", AcsPercentEncoder.Encode("*"));
        }

        [Fact]
        public void Unreserved_characters_are_kept()
        {
            const string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
            Assert.Equal(unreserved, AcsPercentEncoder.Encode(unreserved));
            Assert.Equal("~", AcsPercentEncoder.Encode("~"));
        }

        [Fact]
        public void Every_other_ascii_character_is_upper_case_percent_hex()
        {
            const string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
            for (int c = 0; c < 128; c++)
            {
                if (unreserved.IndexOf((char)c) >= 0) continue;
                Assert.Equal("%" + c.ToString("X2"), AcsPercentEncoder.Encode(((char)c).ToString()));
            }
        }

        [Fact]
        public void Emoji_is_encoded_byte_by_byte_in_upper_case()
        {
            // U+1F600 GRINNING FACE: F0 9F 98 80 in UTF-8.
            Assert.Equal("%F0%9F%98%80", AcsPercentEncoder.Encode("\U0001F600"));
            Assert.Equal("a%F0%9F%94%91b", AcsPercentEncoder.Encode("a\U0001F511b"));
        }

        [Fact]
        public void Non_ascii_letters_are_encoded_as_utf8()
        {
            Assert.Equal("p%C3%A4ssw%C3%B6rd", AcsPercentEncoder.Encode("pässwörd"));
            Assert.Equal("%E4%BD%A0%E5%A5%BD", AcsPercentEncoder.Encode("你好"));
        }

        [Fact]
        public void Empty_and_null_encode_to_empty()
        {
            Assert.Equal("", AcsPercentEncoder.Encode(""));
            Assert.Equal("", AcsPercentEncoder.Encode(null));
        }
    }
}
