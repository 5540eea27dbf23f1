using System.Text;
using SaeSecret.PowerShell.SecretData;
using Xunit;

namespace SaeSecret.Tests.SecretData
{
    public class TlsSecretDataTests
    {
        private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

        [Fact]
        public void Keys_and_ErrorIds_are_the_documented_ones()
        {
            Assert.Equal("tls.crt", TlsSecretData.CertificateKey);
            Assert.Equal("tls.key", TlsSecretData.PrivateKeyKey);
            Assert.Equal("TlsCertificateNotPem", ErrorIds.TlsCertificateNotPem);
            Assert.Equal("TlsKeyNotPem", ErrorIds.TlsKeyNotPem);
        }

        [Theory]
        [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")]
        [InlineData("-----BEGIN CERTIFICATE-----")]                                  // exactly the marker
        [InlineData("Bag Attributes\r\n-----BEGIN CERTIFICATE-----\r\nMIIB\r\n")]      // text before it
        [InlineData("junk-----BEGIN CERTIFICATE-----")]                              // marker at the very end
        [InlineData("------BEGIN CERTIFICATE-----")]                                 // a partial match just before it
        public void A_PEM_certificate_is_accepted(string pem)
        {
            TlsSecretData.ValidateCertificate(Ascii(pem), "./tls.crt");
        }

        [Theory]
        [InlineData("")]
        [InlineData("-----BEGIN CERTIFICATE----")]                                   // one dash short
        [InlineData("-----BEGIN CERTIFICATX-----")]                                  // last letter differs
        [InlineData("-----BEGIN certificate-----")]                                  // case matters
        [InlineData("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----")] // a key, not a certificate
        [InlineData("MIIBexample")]                                                  // DER/base64 without armour
        public void Anything_else_is_not_a_certificate(string pem)
        {
            var ex = Assert.Throws<SaeInputException>(() => TlsSecretData.ValidateCertificate(Ascii(pem), "./certs/site.der"));

            Assert.Equal(ErrorIds.TlsCertificateNotPem, ex.ErrorId);
            Assert.Equal("CertificatePath", ex.ParamName);
            Assert.Contains("'./certs/site.der'", ex.Message);
            Assert.Contains("openssl x509", ex.Message);
        }

        [Fact]
        public void Binary_data_is_not_a_certificate()
        {
            var der = new byte[] { 0x30, 0x82, 0x01, 0x0A, 0x02, 0x82, 0x01, 0x01, 0x00, 0xFF };

            var ex = Assert.Throws<SaeInputException>(() => TlsSecretData.ValidateCertificate(der, "cert.der"));
            Assert.Equal(ErrorIds.TlsCertificateNotPem, ex.ErrorId);
        }

        [Theory]
        [InlineData("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")]        // PKCS#8
        [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n")] // PKCS#1
        [InlineData("-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n")]   // SEC1
        [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----")]
        [InlineData("-----BEGIN PRIVATE KEY-----")]                                            // exactly the markers
        public void A_PEM_private_key_is_accepted(string pem)
        {
            TlsSecretData.ValidatePrivateKey(Ascii(pem), "./tls.key");
        }

        [Theory]
        [InlineData("")]
        [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")] // BEGIN without PRIVATE KEY
        [InlineData("PRIVATE KEY-----")]                                            // PRIVATE KEY without BEGIN
        [InlineData("-----END PRIVATE KEY-----")]                                   // only the END line
        [InlineData("-----BEGIN PRIVATE KEY----")]                                  // one dash short
        [InlineData("-----BEGIN PUBLIC KEY-----")]
        [InlineData("----BEGIN PRIVATE KEY-----")]                                  // BEGIN one dash short
        public void Anything_else_is_not_a_private_key(string pem)
        {
            var ex = Assert.Throws<SaeInputException>(() => TlsSecretData.ValidatePrivateKey(Ascii(pem), "./keys/site.key"));

            Assert.Equal(ErrorIds.TlsKeyNotPem, ex.ErrorId);
            Assert.Equal("KeyPath", ex.ParamName);
            Assert.Contains("'./keys/site.key'", ex.Message);
        }

        [Fact]
        public void The_key_error_names_the_file_but_not_its_content()
        {
            const string content = "Distinct-Key-Material-8c1f";

            var ex = Assert.Throws<SaeInputException>(() => TlsSecretData.ValidatePrivateKey(Ascii(content), "k.pem"));

            Assert.False(ex.Message.Contains(content), "the message quoted the file's content");
        }
    }
}
