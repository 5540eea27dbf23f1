using System;
using System.Collections.Generic;
using System.Linq;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Rules
{
    /// <summary>Secret names and types as SAE accepts them, checked before anything is sent.</summary>
    internal static class SecretRules
    {
        public const string Opaque = "Opaque";
        public const string DockerConfigJson = "kubernetes.io/dockerconfigjson";
        public const string Tls = "kubernetes.io/tls";

        public static readonly string[] Types = { Opaque, DockerConfigJson, Tls };

        /// <summary>The wire name of a type: the full names, or DockerConfigJson and Tls, in any case.</summary>
        public static string NormalizeType(string? type)
        {
            if (string.IsNullOrEmpty(type)) return Opaque;
            foreach (var known in Types)
            {
                if (string.Equals(known, type, StringComparison.OrdinalIgnoreCase)) return known;
            }
            if (string.Equals(type, "DockerConfigJson", StringComparison.OrdinalIgnoreCase)) return DockerConfigJson;
            if (string.Equals(type, "Tls", StringComparison.OrdinalIgnoreCase)) return Tls;
            throw new SaeInputException(ErrorIds.SecretTypeInvalid,
                "SecretType '" + ServerText.Inert(type) + "' is not one SAE knows: use Opaque, kubernetes.io/dockerconfigjson (DockerConfigJson) or kubernetes.io/tls (Tls).",
                "SecretType");
        }

        /// <summary>The keys a secret of this type must hold.</summary>
        public static string[] RequiredKeys(string type) =>
            type == DockerConfigJson ? new[] { ".dockerconfigjson" } : type == Tls ? new[] { "tls.crt", "tls.key" } : Array.Empty<string>();

        public static void CheckRequiredKeys(string type, IEnumerable<string> keys)
        {
            var missing = RequiredKeys(type).Except(keys, StringComparer.Ordinal).ToArray();
            if (missing.Length > 0)
            {
                throw new SaeInputException(ErrorIds.SecretDataRequiredKeyMissing,
                    "A " + type + " secret needs the key(s) " + string.Join(", ", missing) + " in SecretData.", "SecretData");
            }
        }

        /// <summary>A letter, then letters, digits, '-' and '_'.</summary>
        public static void CheckName(string name)
        {
            bool valid = !string.IsNullOrEmpty(name) && IsAsciiLetter(name[0]) && name.All(c => IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_');
            if (!valid)
            {
                throw new SaeInputException(ErrorIds.SecretNameInvalid,
                    "SecretName '" + ServerText.Inert(name) + "' is not valid: it must start with a letter and contain only letters, digits, '-' and '_'.",
                    "SecretName");
            }
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
