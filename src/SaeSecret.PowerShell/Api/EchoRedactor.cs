using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// Removes from a service message every trace of what was sent: each value plain or base64, and any run of
    /// <see cref="Window"/> characters of either, whatever the values' overlaps. Values too short to find safely make
    /// the echoed part (after the message's first ':') go entirely.
    /// </summary>
    internal static class EchoRedactor
    {
        /// <summary>The shortest run searched for; shorter runs occur by chance in ordinary text.</summary>
        public const int Window = 8;

        public const string Mask = "***";
        public const string Withheld = "(the rest of the service's message quoted the data sent and is withheld)";

        [return: NotNullIfNotNull("message")]
        public static string? Redact(string? message, EncodedSecretData? data, AlibabaCloudCredential? credential)
        {
            if (string.IsNullOrEmpty(message)) return message;

            var secrets = new List<string>();
            if (data != null)
            {
                foreach (var value in data.Base64Values)
                {
                    secrets.Add(value);
                    var plain = TryDecodeUtf8(value);
                    if (plain != null) secrets.Add(plain);
                }
            }
            if (credential != null)
            {
                secrets.Add(credential.AccessKeySecret);
                if (credential.SecurityToken != null) secrets.Add(credential.SecurityToken);
            }

            var covered = new bool[message!.Length];
            var windows = new HashSet<string>(StringComparer.Ordinal);
            bool shortEchoed = false;
            foreach (var secret in secrets)
            {
                if (string.IsNullOrEmpty(secret)) continue;
                if (secret.Length < Window)
                {
                    if (message.IndexOf(secret, StringComparison.Ordinal) >= 0) shortEchoed = true;
                    continue;
                }
                for (int i = 0; i + Window <= secret.Length; i++) windows.Add(secret.Substring(i, Window));
            }

            bool any = false;
            if (windows.Count > 0)
            {
                for (int i = 0; i + Window <= message.Length; i++)
                {
                    if (!windows.Contains(message.Substring(i, Window))) continue;
                    for (int j = i; j < i + Window; j++) covered[j] = true;
                    any = true;
                }
            }

            var redacted = message;
            if (any)
            {
                var sb = new StringBuilder(message.Length);
                for (int i = 0; i < message.Length; i++)
                {
                    if (!covered[i])
                    {
                        sb.Append(message[i]);
                    }
                    else if (i == 0 || !covered[i - 1])
                    {
                        sb.Append(Mask);
                    }
                }
                redacted = sb.ToString();
            }

            if (shortEchoed)
            {
                // A short value cannot be told from ordinary text: keep only what precedes the echo.
                var colon = redacted.IndexOf(':');
                redacted = colon < 0 ? Withheld : redacted.Substring(0, colon + 1) + " " + Withheld;
            }
            return redacted;
        }

        private static string? TryDecodeUtf8(string base64)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return null;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }
}
