using System.Management.Automation;
using System.Security;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>-Credential (and -SecurityToken) as a credential provider: for the API cmdlets and their completers alike.</summary>
    internal static class CredentialParameters
    {
        /// <summary>The key the user gave; CredentialsInvalid when its user name or password is empty.</summary>
        public static ICredentialProvider FromCredential(PSCredential credential, SecureString? securityToken)
        {
            var id = credential.UserName;
            // [PSCredential]::Empty has no user name, and GetNetworkCredential() returns null for it.
            var secret = credential.GetNetworkCredential()?.Password;
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid,
                    "-Credential needs the AccessKeyId as its user name and the AccessKeySecret as its password; " +
                    (string.IsNullOrEmpty(id) ? "the user name" : "the password") + " is empty.");
            }
            var token = securityToken == null ? null : new string(SecureText.ToChars(securityToken));
            return new StaticCredentialProvider(new AlibabaCloudCredential(id, secret!, token, null,
                token == null ? "the -Credential parameter" : "the -Credential and -SecurityToken parameters"));
        }
    }
}
