using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>Moves secret text between SecureString and buffers the caller clears, without a managed string.</summary>
    internal static class SecureText
    {
        public static char[] ToChars(SecureString secure)
        {
            if (secure == null) return new char[0];
            var chars = new char[secure.Length];
            IntPtr unmanaged = IntPtr.Zero;
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(secure);
                Marshal.Copy(unmanaged, chars, 0, chars.Length);
                return chars;
            }
            finally
            {
                if (unmanaged != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
            }
        }

        public static SecureString FromStringBuilder(StringBuilder text)
        {
            var secure = new SecureString();
            for (int i = 0; i < text.Length; i++) secure.AppendChar(text[i]);
            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>
        /// UTF-8 text (a BOM included) as a SecureString; encoding it back as UTF-8, as Update-SaeSecret does, gives the
        /// same bytes. Returns null for bytes that are not valid UTF-8.
        /// </summary>
        public static SecureString? FromUtf8(byte[] utf8)
        {
            char[] chars;
            try
            {
                chars = new UTF8Encoding(false, true).GetChars(utf8);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
            try
            {
                var secure = new SecureString();
                foreach (var c in chars) secure.AppendChar(c);
                secure.MakeReadOnly();
                return secure;
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }
    }
}
