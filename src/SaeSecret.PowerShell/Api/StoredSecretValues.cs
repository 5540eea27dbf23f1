using System;
using System.Security;
using System.Text;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>Stored (base64) values as Get-SaeSecret writes them: SecureString, or string with -AsPlainText; byte[] when not UTF-8.</summary>
    internal static class StoredSecretValues
    {
        /// <summary>The described secret with its values decoded: SecureString, or string with -AsPlainText; byte[] when not UTF-8.</summary>
        public static Secret ToSecret(DescribedSecret described, bool asPlainText)
        {
            var info = described.Info;
            var secret = new Secret
            {
                NamespaceId = info.NamespaceId,
                SecretId = info.SecretId,
                SecretName = info.SecretName,
                SecretType = info.SecretType,
                RelateApps = info.RelateApps,
                CreateTime = info.CreateTime,
                UpdateTime = info.UpdateTime,
            };
            var strict = new UTF8Encoding(false, true);
            foreach (var pair in described.Data)
            {
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(pair.Value);
                }
                catch (FormatException)
                {
                    throw new SaeServiceException(ErrorIds.InvalidResponse,
                        "DescribeSecret for " + info + " returned a value for key '" + ServerText.Inert(pair.Key) + "' that is not base64.");
                }
                string text;
                try
                {
                    text = strict.GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    secret.SecretData.Add(pair.Key, bytes);
                    continue;
                }
                secret.SecretData.Add(pair.Key, asPlainText ? (object)text : ToSecureString(text));
            }
            return secret;
        }

        private static SecureString ToSecureString(string text)
        {
            var secure = new SecureString();
            foreach (var c in text) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
