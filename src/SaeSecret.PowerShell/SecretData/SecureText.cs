using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>Moves secret text between SecureString and buffers the caller clears, without a managed string.</summary>
    public static class SecureText
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

        public static SecureString FromBytes(byte[] ascii)
        {
            var secure = new SecureString();
            foreach (var b in ascii) secure.AppendChar((char)b);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
