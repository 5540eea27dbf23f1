using System;
using System.Text;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>Checks the PEM files of a kubernetes.io/tls secret (tls.crt, tls.key) before they are sent.</summary>
    internal static class TlsSecretData
    {
        public const string CertificateKey = "tls.crt";
        public const string PrivateKeyKey = "tls.key";

        public static void ValidateCertificate(byte[] pem, string path)
        {
            if (!Contains(pem, "-----BEGIN CERTIFICATE-----"))
            {
                throw new SaeInputException(ErrorIds.TlsCertificateNotPem,
                    "'" + path + "' is not a PEM certificate (no '-----BEGIN CERTIFICATE-----' line). Convert it with: openssl x509 -in <file> -out tls.crt -outform PEM",
                    "CertificatePath");
            }
        }

        public static void ValidatePrivateKey(byte[] pem, string path)
        {
            // PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") and SEC1 ("EC PRIVATE KEY") are all accepted by Kubernetes.
            if (!Contains(pem, "-----BEGIN ") || !Contains(pem, "PRIVATE KEY-----"))
            {
                throw new SaeInputException(ErrorIds.TlsKeyNotPem,
                    "'" + path + "' is not a PEM private key (no '-----BEGIN ... PRIVATE KEY-----' line).",
                    "KeyPath");
            }
        }

        private static bool Contains(byte[] data, string marker)
        {
            var needle = Encoding.ASCII.GetBytes(marker);
            for (int i = 0; i + needle.Length <= data.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && data[i + j] == needle[j]) j++;
                if (j == needle.Length) return true;
            }
            return false;
        }
    }
}
