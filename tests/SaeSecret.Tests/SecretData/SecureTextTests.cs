using System;
using System.Net;
using System.Security;
using System.Text;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.SecretData
{
    public class SecureTextTests
    {
        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text) s.AppendChar(c);
            return s;
        }

        // Read back independently of the code under test.
        private static string Plain(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;

        [Theory]
        [InlineData("s3cure-Välue")]
        [InlineData("密码\U0001F511 tab\t\"quote\"")]
        [InlineData("x")]
        public void ToChars_gives_every_character(string value)
        {
            var chars = SecureText.ToChars(Secure(value));

            SecretAssert.SameText(value, new string(chars), "characters");
        }

        [Fact]
        public void ToChars_of_an_empty_SecureString_is_empty()
        {
            Assert.Empty(SecureText.ToChars(new SecureString()));
        }

        [Fact]
        public void ToChars_of_null_is_empty()
        {
            var chars = SecureText.ToChars(null);

            Assert.NotNull(chars);
            Assert.Empty(chars);
        }

        [Fact]
        public void ToChars_gives_a_new_array_each_time()
        {
            var secure = Secure("abc");

            var first = SecureText.ToChars(secure);
            Array.Clear(first, 0, first.Length);

            SecretAssert.SameText("abc", new string(SecureText.ToChars(secure)), "characters after clearing an earlier copy");
        }

        [Theory]
        [InlineData("")]
        [InlineData("{\"auths\":{}}")]
        [InlineData("Välue \U0001F511")]
        public void FromStringBuilder_copies_the_text_into_a_read_only_SecureString(string value)
        {
            var secure = SecureText.FromStringBuilder(new StringBuilder(value));

            Assert.True(secure.IsReadOnly(), "the SecureString is not read-only");
            Assert.Equal(value.Length, secure.Length);
            SecretAssert.SameText(value, Plain(secure), "SecureString text");
        }

        [Theory]
        [InlineData("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")]
        [InlineData("pässwörd 密码 \U0001F511")]
        [InlineData("")]
        public void FromUtf8_decodes_text_into_a_read_only_SecureString(string value)
        {
            var secure = SecureText.FromUtf8(Encoding.UTF8.GetBytes(value));

            Assert.NotNull(secure);
            Assert.True(secure.IsReadOnly(), "the SecureString is not read-only");
            SecretAssert.SameText(value, Plain(secure), "decoded text");
        }

        [Fact]
        public void FromUtf8_keeps_a_byte_order_mark_so_the_bytes_survive_a_round_trip()
        {
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF, (byte)'k', (byte)'e', (byte)'y' };

            var secure = SecureText.FromUtf8(bytes);

            SecretAssert.SameText("\uFEFFkey", Plain(secure), "decoded text");
            SecretAssert.SameBytes(bytes, Encoding.UTF8.GetBytes(Plain(secure)), "bytes encoded back");
        }

        [Theory]
        [InlineData(new byte[] { 0xFF })]                    // never valid in UTF-8
        [InlineData(new byte[] { 0x61, 0xC3 })]              // truncated sequence
        [InlineData(new byte[] { 0xC3, 0x28 })]              // bad continuation byte
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]        // encoded surrogate
        [InlineData(new byte[] { 0xC0, 0xAF })]              // overlong form
        public void FromUtf8_returns_null_for_bytes_that_are_not_UTF8(byte[] bytes)
        {
            Assert.Null(SecureText.FromUtf8(bytes));
        }
    }
}
