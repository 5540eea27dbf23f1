using System;
using System.Collections.Generic;
using System.IO;
using System.Security;
using System.Text;
using Newtonsoft.Json;

namespace SaeSecret.PowerShell.SecretData
{
    /// <summary>One registry login of a .dockerconfigjson.</summary>
    internal sealed class RegistryLogin
    {
        public RegistryLogin(string server, string username, SecureString password, string? email)
        {
            Server = server;
            Username = username;
            Password = password;
            Email = email;
        }

        public string Server { get; }
        public string Username { get; }
        public SecureString Password { get; }
        public string? Email { get; }
    }

    /// <summary>
    /// Builds the value of a kubernetes.io/dockerconfigjson secret:
    /// {"auths":{"&lt;server&gt;":{"username","password","email"?,"auth":"base64(user:password)"}}}.
    /// </summary>
    internal static class DockerConfigJson
    {
        public const string Key = ".dockerconfigjson";

        /// <summary>The JSON as a SecureString, so the password inside it is never displayed.</summary>
        public static SecureString Build(IReadOnlyList<RegistryLogin> logins)
        {
            if (logins == null || logins.Count == 0) throw new ArgumentException("At least one registry login is required.", nameof(logins));
            var text = new StringWriter(new StringBuilder(256));
            char[]? password = null;
            byte[]? userPass = null;
            try
            {
                using (var json = new JsonTextWriter(text))
                {
                    json.WriteStartObject();
                    json.WritePropertyName("auths");
                    json.WriteStartObject();
                    foreach (var login in logins)
                    {
                        password = SecureText.ToChars(login.Password);
                        json.WritePropertyName(login.Server);
                        json.WriteStartObject();
                        json.WritePropertyName("username");
                        json.WriteValue(login.Username);
                        json.WritePropertyName("password");
                        json.WriteValue(new string(password));
                        if (!string.IsNullOrEmpty(login.Email))
                        {
                            json.WritePropertyName("email");
                            json.WriteValue(login.Email);
                        }
                        var user = Encoding.UTF8.GetBytes(login.Username + ":");
                        userPass = new byte[user.Length + Encoding.UTF8.GetByteCount(password)];
                        Buffer.BlockCopy(user, 0, userPass, 0, user.Length);
                        Encoding.UTF8.GetBytes(password, 0, password.Length, userPass, user.Length);
                        json.WritePropertyName("auth");
                        json.WriteValue(Convert.ToBase64String(userPass));
                        json.WriteEndObject();
                        Array.Clear(password, 0, password.Length);
                        Array.Clear(userPass, 0, userPass.Length);
                    }
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                return SecureText.FromStringBuilder(text.GetStringBuilder());
            }
            finally
            {
                if (password != null) Array.Clear(password, 0, password.Length);
                if (userPass != null) Array.Clear(userPass, 0, userPass.Length);
                var sb = text.GetStringBuilder();
                for (int i = 0; i < sb.Length; i++) sb[i] = '\0';
            }
        }
    }
}
