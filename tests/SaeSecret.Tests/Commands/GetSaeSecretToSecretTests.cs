using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestText;

namespace SaeSecret.Tests.Commands
{
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
