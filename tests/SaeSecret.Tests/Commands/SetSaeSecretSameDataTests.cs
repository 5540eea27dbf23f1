using System;
using System.Collections.Generic;
using System.Linq;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestText;

namespace SaeSecret.Tests.Commands
{
    /// <summary>Set-SaeSecret's comparison of stored and desired data (SameData).</summary>
    public class SetSaeSecretSameDataTests
    {
        private const string Value = "Same-Data-Value-58";

        private static EncodedSecretData Desired(params (string Key, string Text)[] pairs) => TestSecretData.Plain(pairs);

        private static Dictionary<string, string> Stored(params (string Key, string Base64)[] pairs) =>
            pairs.ToDictionary(p => p.Key, p => p.Base64, StringComparer.Ordinal);

        [Fact]
        public void The_same_keys_and_values_are_the_same()
        {
            Assert.True(CommandHelpers.SameData(Stored(("a", B64(Value)), ("b", B64("two"))), Desired(("b", "two"), ("a", Value))));
        }

        [Fact]
        public void A_different_value_is_different()
        {
            Assert.False(CommandHelpers.SameData(Stored(("a", B64(Value)), ("b", B64("two"))), Desired(("a", Value), ("b", "tw0"))));
        }

        [Fact]
        public void A_value_differing_only_in_the_last_key_is_different()
        {
            Assert.False(CommandHelpers.SameData(Stored(("a", B64("one")), ("z", B64("one"))), Desired(("a", "one"), ("z", "two"))));
        }

        [Fact]
        public void An_extra_stored_key_is_different()
        {
            Assert.False(CommandHelpers.SameData(Stored(("a", B64(Value)), ("extra", B64("x"))), Desired(("a", Value))));
        }

        [Fact]
        public void A_missing_stored_key_is_different()
        {
            Assert.False(CommandHelpers.SameData(Stored(("a", B64(Value))), Desired(("a", Value), ("b", "two"))));
        }

        [Fact]
        public void The_same_number_of_keys_under_other_names_is_different()
        {
            Assert.False(CommandHelpers.SameData(Stored(("a", B64(Value)), ("c", B64("two"))), Desired(("a", Value), ("b", "two"))));
        }

        [Fact]
        public void Keys_differing_in_case_are_different()
        {
            Assert.False(CommandHelpers.SameData(Stored(("Password", B64(Value))), Desired(("password", Value))));
        }

        [Fact]
        public void An_empty_stored_map_is_different()
        {
            Assert.False(CommandHelpers.SameData(new Dictionary<string, string>(), Desired(("a", Value))));
        }

        [Fact]
        public void The_same_bytes_with_line_breaks_in_the_stored_base64_are_the_same()
        {
            var text = new string('x', 90);
            var b64 = B64(text);
            var wrapped = b64.Substring(0, 76) + "\r\n" + b64.Substring(76);

            Assert.True(CommandHelpers.SameData(Stored(("a", wrapped)), Desired(("a", text))));
        }

        [Fact]
        public void The_same_bytes_with_spaces_in_the_stored_base64_are_the_same()
        {
            Assert.True(CommandHelpers.SameData(Stored(("a", "YW Jj ZA ==")), Desired(("a", "abcd"))));
        }

        [Theory]
        [InlineData("YQ", "a")]        // padding left off
        [InlineData("YWI", "ab")]
        [InlineData("YWJjZA", "abcd")]
        public void The_same_bytes_without_base64_padding_are_the_same(string storedUnpadded, string text)
        {
            // SameData's own contract: "base64 compared decoded, so padding or line breaks do not count".
            Assert.True(CommandHelpers.SameData(Stored(("a", storedUnpadded)), Desired(("a", text))));
        }

        [Theory]
        [InlineData("YR==", "a")]       // unused low bits set: decodes to the same byte
        [InlineData("YWJjZB==", "abcd")]
        public void The_same_bytes_with_non_canonical_trailing_bits_are_the_same(string stored, string text)
        {
            Assert.True(CommandHelpers.SameData(Stored(("a", stored)), Desired(("a", text))));
        }

        [Fact]
        public void Different_bytes_of_the_same_length_are_different()
        {
            Assert.False(CommandHelpers.SameData(Stored(("a", "YWJj\nZA==")), Desired(("a", "abce"))));
        }

        [Fact]
        public void A_stored_value_that_is_not_base64_is_different_and_does_not_throw()
        {
            Assert.False(CommandHelpers.SameData(Stored(("a", "***not base64***")), Desired(("a", Value))));
        }

        [Fact]
        public void Identical_text_is_the_same_even_when_it_is_not_base64()
        {
            // Compared as text first: no decoding is needed for an exact match.
            var desired = SecretDataEncoder.Encode(new[] { new KeyValuePair<string, object>("a", "QUJD") }, true);
            Assert.True(CommandHelpers.SameData(Stored(("a", "QUJD")), desired));
        }
    }
}
