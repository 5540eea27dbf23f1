using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Management.Automation;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>A bound SecretData dictionary as plain key → value entries, PowerShell's PSObject wrappers taken off.</summary>
    internal static class SecretDataEntries
    {
        [return: NotNullIfNotNull("map")]
        public static List<KeyValuePair<string, object?>>? Of(IDictionary? map)
        {
            if (map == null) return null;
            var entries = new List<KeyValuePair<string, object?>>(map.Count);
            foreach (DictionaryEntry entry in map)
            {
                var key = Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture);
                entries.Add(new KeyValuePair<string, object?>(key, Unwrap(entry.Value)));
            }
            return entries;
        }

        private static object? Unwrap(object? value)
        {
            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    throw new SaeInputException(ErrorIds.SecretDataValueUnsupported,
                        "A SecretData value is an object with properties; a secret value must be a single string, SecureString, byte[], char[], number or boolean. Convert it with ConvertTo-Json first if the JSON text is what you want to store.",
                        "SecretData");
                }
                return wrapped.BaseObject;
            }
            return value;
        }
    }
}
