using System;
using SaeSecret.PowerShell.Signing;
using Xunit;

namespace SaeSecret.Tests.Support
{
    /// <summary>
    /// Comparisons of secret material whose failure messages show only lengths and SHA-256 prefixes,
    /// never the values themselves.
    /// </summary>
    internal static class SecretAssert
    {
        public static void SameBytes(byte[] expected, byte[] actual, string what)
        {
            Assert.True(actual != null, what + ": got null");
            bool same = expected.AsSpan().SequenceEqual(actual);
            Assert.True(same, string.Format("{0}: bytes differ (expected {1} bytes, sha256 {2}…; got {3} bytes, sha256 {4}…)",
                what, expected.Length, Hex.Sha256(expected).Substring(0, 12), actual.Length, Hex.Sha256(actual).Substring(0, 12)));
        }

        public static void SameText(string expected, string actual, string what)
        {
            Assert.True(actual != null, what + ": got null");
            bool same = string.Equals(expected, actual, StringComparison.Ordinal);
            Assert.True(same, string.Format("{0}: text differs (expected {1} chars, sha256 {2}…; got {3} chars, sha256 {4}…)",
                what, expected.Length, Hex.Sha256(expected).Substring(0, 12), actual.Length, Hex.Sha256(actual).Substring(0, 12)));
        }

        public static void DoesNotLeak(string text, string secret, string what)
        {
            Assert.True(text != null, what + ": got null");
            Assert.False(text.Contains(secret, StringComparison.Ordinal), what + " leaked a secret value");
        }
    }
}
