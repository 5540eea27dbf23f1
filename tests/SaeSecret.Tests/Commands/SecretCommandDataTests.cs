using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Security;
using System.Text;
using SaeSecret.PowerShell.Api;
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

    /// <summary>Get-SaeSecret's decoding of DescribeSecret's values (ToSecret).</summary>
    public class GetSaeSecretToSecretTests
    {
        private const string Value = "To-Secret-Value-64";

        private static readonly byte[] NotUtf8 = { 0xFF, 0xFE, 0x41 };

        private static DescribedSecret Described(params (string Key, string Base64)[] data)
        {
            var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, base64) in data) map[key] = base64;
            return new DescribedSecret
            {
                Info = new SecretInfo
                {
                    NamespaceId = "cn-beijing:test",
                    SecretId = 16,
                    SecretName = "db-cred",
                    SecretType = "Opaque",
                    RelateApps = new[] { new SecretApp { AppId = "app-1", AppName = "web" } },
                    CreateTime = new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc),
                    UpdateTime = new DateTime(2023, 11, 15, 1, 2, 3, DateTimeKind.Utc),
                },
                Data = map,
                RequestId = "R-1",
            };
        }

        private static string Plain(SecureString secure) => new string(SecureText.ToChars(secure));

        [Fact]
        public void Copies_the_description()
        {
            var described = Described(("a", B64(Value)));

            var secret = CommandHelpers.ToSecret(described, false);

            Assert.Equal("cn-beijing:test", secret.NamespaceId);
            Assert.Equal(16, secret.SecretId);
            Assert.Equal("db-cred", secret.SecretName);
            Assert.Equal("Opaque", secret.SecretType);
            Assert.Same(described.Info.RelateApps, secret.RelateApps);
            Assert.Equal(described.Info.CreateTime, secret.CreateTime);
            Assert.Equal(described.Info.UpdateTime, secret.UpdateTime);
            Assert.Equal("cn-beijing:test/16 (db-cred, Opaque), 1 keys", secret.ToString());
        }

        [Fact]
        public void Text_values_are_read_only_SecureStrings_by_default()
        {
            var secret = CommandHelpers.ToSecret(Described(("password", B64(Value)), ("unicode", B64("pässwörd-密码-🔑"))), false);

            var password = Assert.IsType<SecureString>(secret.SecretData["password"]);
            Assert.True(password.IsReadOnly());
            SecretAssert.SameText(Value, Plain(password), "password");
            var unicode = Assert.IsType<SecureString>(secret.SecretData["unicode"]);
            SecretAssert.SameText("pässwörd-密码-🔑", Plain(unicode), "unicode");
        }

        [Fact]
        public void Text_values_are_strings_with_AsPlainText()
        {
            var secret = CommandHelpers.ToSecret(Described(("password", B64(Value))), true);

            var text = Assert.IsType<string>(secret.SecretData["password"]);
            SecretAssert.SameText(Value, text, "password");
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Values_that_are_not_UTF8_are_byte_arrays_either_way(bool asPlainText)
        {
            var secret = CommandHelpers.ToSecret(Described(("bin", B64(NotUtf8)), ("text", B64(Value))), asPlainText);

            SecretAssert.SameBytes(NotUtf8, Assert.IsType<byte[]>(secret.SecretData["bin"]), "bin");
            Assert.IsType(asPlainText ? typeof(string) : typeof(SecureString), secret.SecretData["text"]);
        }

        [Theory]
        [InlineData(new byte[] { 0xFF })]
        [InlineData(new byte[] { 0xFE, 0xFF })]
        [InlineData(new byte[] { 0xC3 })]                 // truncated sequence
        [InlineData(new byte[] { 0xC0, 0xAF })]           // overlong '/'
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]     // a UTF-16 surrogate encoded as UTF-8
        [InlineData(new byte[] { 0x61, 0x62, 0x80 })]     // stray continuation byte after text
        public void Invalid_UTF8_is_never_replaced_by_U_FFFD(byte[] bytes)
        {
            var secret = CommandHelpers.ToSecret(Described(("bin", B64(bytes))), true);

            SecretAssert.SameBytes(bytes, Assert.IsType<byte[]>(secret.SecretData["bin"]), "bin");
        }

        [Fact]
        public void An_empty_value_is_an_empty_text()
        {
            var secret = CommandHelpers.ToSecret(Described(("empty", "")), true);

            SecretAssert.SameText("", Assert.IsType<string>(secret.SecretData["empty"]), "empty");
            var secure = Assert.IsType<SecureString>(CommandHelpers.ToSecret(Described(("empty", "")), false).SecretData["empty"]);
            Assert.Equal(0, secure.Length);
        }

        [Fact]
        public void A_UTF8_byte_order_mark_is_kept_as_text()
        {
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF, 0x61 };

            var secret = CommandHelpers.ToSecret(Described(("bom", B64(bytes))), true);

            SecretAssert.SameText("\uFEFFa", Assert.IsType<string>(secret.SecretData["bom"]), "bom");
        }

        [Fact]
        public void Keys_come_in_ordinal_order()
        {
            var secret = CommandHelpers.ToSecret(Described(("b", B64("1")), ("a", B64("2")), ("_", B64("3")), ("B", B64("4")), (".x", B64("5"))), true);

            Assert.Equal(new[] { ".x", "B", "_", "a", "b" }, secret.SecretData.Keys.Cast<string>().ToArray());
            SecretAssert.SameText("4", (string)secret.SecretData[1], "the second value");
        }

        [Fact]
        public void Keys_are_case_sensitive()
        {
            var secret = CommandHelpers.ToSecret(Described(("Key", B64("upper")), ("key", B64("lower"))), true);

            Assert.Equal(2, secret.SecretData.Count);
            SecretAssert.SameText("upper", (string)secret.SecretData["Key"], "Key");
            SecretAssert.SameText("lower", (string)secret.SecretData["key"], "key");
        }

        [Fact]
        public void No_data_gives_an_empty_map()
        {
            var secret = CommandHelpers.ToSecret(Described(), false);

            Assert.Empty(secret.SecretData);
        }

        [Fact]
        public void A_server_key_quoted_in_the_not_base64_error_has_its_control_characters_made_inert()
        {
            // ServerText: text a server sent is made inert before it reaches an error. The keys come from DescribeSecret.
            var ex = Assert.Throws<SaeServiceException>(() => CommandHelpers.ToSecret(Described(("evil\u001b[2J\r\nkey", "***")), false));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.DoesNotContain("\u001b", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'evil\uFFFD[2J\uFFFD\uFFFDkey'", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_value_that_is_not_base64_is_InvalidResponse_naming_the_key_but_not_the_value()
        {
            const string notBase64 = "Not*Base64*Secret*Value";

            var ex = Assert.Throws<SaeServiceException>(() => CommandHelpers.ToSecret(Described(("ok", B64(Value)), ("broken", notBase64)), false));

            Assert.Equal(ErrorIds.InvalidResponse, ex.ErrorCode);
            Assert.Contains("'broken'", ex.Message);
            Assert.Contains("cn-beijing:test/16", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, notBase64, "error message");
            SecretAssert.DoesNotLeak(ex.Message, Value, "error message");
        }
    }
}
