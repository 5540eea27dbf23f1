using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Management.Automation;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// New-SaeSecretData: builds a SecretData dictionary from .env files, whole files (as bytes) and literal values,
    /// for -SecretData of every cmdlet. A key given twice, across all sources, is an error.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SaeSecretData")]
    [OutputType(typeof(OrderedDictionary))]
    public sealed class NewSaeSecretDataCommand : SaeOfflineCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? EnvFile { get; set; }

        /// <summary>"path" (the key is the file name) or "key=path".</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? File { get; set; }

        [Parameter]
        public IDictionary? Data { get; set; }

        protected override void EndOfInput()
        {
            var result = new OrderedDictionary(StringComparer.Ordinal);
            var origin = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in EnvFile ?? Array.Empty<string>())
            {
                var full = Resolve(path, "EnvFile");
                foreach (var entry in EnvFileParser.Parse(UserFilePath.ReadAll(full, path, "EnvFile"), path))
                {
                    Add(result, origin, entry.Key, entry.Value, path + ", line " + entry.Line);
                }
            }
            foreach (var spec in File ?? Array.Empty<string>())
            {
                int equals = spec.IndexOf('=');
                var path = equals < 0 ? spec : spec.Substring(equals + 1);
                var full = Resolve(path, "File");
                var key = equals < 0 ? Path.GetFileName(full) : spec.Substring(0, equals).Trim();
                SecretDataEncoder.ValidateKey(key);
                Add(result, origin, key, UserFilePath.ReadAll(full, path, "File"), path);
            }
            if (Data != null)
            {
                foreach (DictionaryEntry entry in Data)
                {
                    var key = Convert.ToString(entry.Key is PSObject k ? k.BaseObject : entry.Key, System.Globalization.CultureInfo.InvariantCulture);
                    SecretDataEncoder.ValidateKey(key);
                    Add(result, origin, key, entry.Value is PSObject v ? v.BaseObject : entry.Value, "-Data");
                }
            }
            if (result.Count == 0)
            {
                throw new SaeInputException(ErrorIds.SecretDataEmpty, "New-SaeSecretData found no keys: give -EnvFile, -File or -Data with at least one key.", "EnvFile");
            }
            WriteObject(result);
        }

        private static void Add(OrderedDictionary result, Dictionary<string, string> origin, string key, object value, string where)
        {
            if (origin.TryGetValue(key, out var first))
            {
                throw new SaeInputException(ErrorIds.SecretDataKeyDuplicate,
                    "The key '" + key + "' is given twice: in " + first + " and in " + where + ".", "EnvFile");
            }
            origin.Add(key, where);
            result.Add(key, value);
        }

        private string Resolve(string path, string parameterName) =>
            UserFilePath.OfFileToRead(SessionState, path, parameterName, ErrorIds.SecretDataFileNotFound);

    }
}
