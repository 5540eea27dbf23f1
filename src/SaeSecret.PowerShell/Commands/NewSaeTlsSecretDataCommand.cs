using System.Collections;
using System.IO;
using System.Management.Automation;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>New-SaeTlsSecretData: the SecretData of a kubernetes.io/tls secret from PEM files (tls.crt, tls.key).</summary>
    [Cmdlet(VerbsCommon.New, "SaeTlsSecretData")]
    [OutputType(typeof(Hashtable))]
    public sealed class NewSaeTlsSecretDataCommand : SaeOfflineCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CertPath")]
        [ValidateNotNullOrEmpty]
        public string CertificatePath { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string KeyPath { get; set; } = null!;

        protected override object? ErrorTarget(SaeInputException error) => error.ParamName == "KeyPath" ? KeyPath : CertificatePath;

        protected override void ProcessOne()
        {
            var certificate = ReadFile(CertificatePath, nameof(CertificatePath));
            TlsSecretData.ValidateCertificate(certificate, CertificatePath);
            var key = ReadFile(KeyPath, nameof(KeyPath));
            try
            {
                TlsSecretData.ValidatePrivateKey(key, KeyPath);
                var secureKey = SecureText.FromUtf8(key) ?? throw new SaeInputException(ErrorIds.TlsKeyNotPem,
                    "'" + KeyPath + "' is not a PEM private key: it is not text (PEM files are ASCII).", nameof(KeyPath));
                WriteObject(new Hashtable
                {
                    { TlsSecretData.CertificateKey, certificate },
                    { TlsSecretData.PrivateKeyKey, secureKey },
                });
            }
            finally
            {
                System.Array.Clear(key, 0, key.Length);
            }
        }

        private byte[] ReadFile(string path, string parameterName)
        {
            var resolved = UserFilePath.OfFileToRead(SessionState, path, parameterName, ErrorIds.SecretDataFileNotFound);
            if (!File.Exists(resolved))
            {
                throw new SaeInputException(ErrorIds.SecretDataFileNotFound, "-" + parameterName + " '" + path + "' does not exist or is not a file.", parameterName);
            }
            return UserFilePath.ReadAll(resolved, path, parameterName);
        }
    }
}
