using System;
using System.Security;
using System.Text;

namespace SaeSecret.Tests.Support
{
    /// <summary>Text the tests write by hand: base64 of UTF-8 text, and SecureStrings.</summary>
    internal static class TestText
    {
        public static string B64(byte[] bytes) => Convert.ToBase64String(bytes);

        /// <summary>The base64 of the text's UTF-8 bytes, as SAE stores a value.</summary>
        public static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

        /// <summary>A read-only SecureString holding the text, as PowerShell hands one over.</summary>
        public static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }
    }
}
