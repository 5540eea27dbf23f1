using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using SaeSecret.PowerShell.Manifests;
using SaeSecret.PowerShell.Rules;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// ConvertTo-SaeSecretManifest: secrets (Get-SaeSecret's, or any object with SecretName and SecretData) → the
    /// Kubernetes Secret manifest kubectl would print, several secrets as one text of ---separated documents. It writes
    /// values in clear (base64), so -AsPlainText is required; -Path writes an owner-only file and emits nothing.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "SaeSecretManifest")]
    [OutputType(typeof(string))]
    public sealed class ConvertToSaeSecretManifestCommand : PSCmdlet
    {
        private readonly List<IList<KeyValuePair<string, object>>> _documents = new List<IList<KeyValuePair<string, object>>>();
        private string? _fullPath;

        /// <summary>metadata.namespace; left out when empty.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? NamespaceId { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [AllowEmptyString]
        public string SecretName { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        [SecretDataTransformation]
        public IDictionary? SecretData { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Type")]
        [ArgumentCompleter(typeof(SecretTypeCompleter))]
        public string? SecretType { get; set; }

        /// <summary>Confirms that the manifest may hold the values in clear (base64 is an encoding, not encryption).</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        /// <summary>Writes the manifest to this file (owner-only) instead of the pipeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>With -Path: replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            if (!AsPlainText.IsPresent)
            {
                Stop(new SaeInputException(ErrorIds.ManifestPlainTextRequired,
                    "ConvertTo-SaeSecretManifest writes secret values in clear: data values are only base64-encoded, which anyone can decode. Pass -AsPlainText to confirm, as ConvertFrom-SecureString -AsPlainText asks; keep the output where only you can read it (-Path writes an owner-only file).",
                    "AsPlainText"), ErrorCategory.InvalidArgument);
            }
            if (Path != null)
            {
                try
                {
                    _fullPath = UserFilePath.OnFileSystem(SessionState, Path, "Path", ErrorIds.ManifestFileWriteFailed);
                }
                catch (SaeInputException ex)
                {
                    Stop(ex, ErrorCategory.WriteError);
                }
                CheckTarget();
            }
        }

        protected override void ProcessRecord()
        {
            var target = (string.IsNullOrEmpty(NamespaceId) ? string.Empty : NamespaceId + "/") + SecretName;
            try
            {
                var namespaceId = string.IsNullOrEmpty(NamespaceId) ? null : NamespaceId;
                if (namespaceId != null)
                {
                    SaeEndpoint.RegionOf(namespaceId);
                    if (HasLoneSurrogate(namespaceId))
                    {
                        throw new SaeInputException(ErrorIds.NamespaceIdMalformed,
                            "NamespaceId of " + SecretName + " holds a lone UTF-16 surrogate, which no manifest can hold.", "NamespaceId");
                    }
                }
                SecretRules.CheckName(SecretName);
                var type = SecretRules.NormalizeType(SecretType);
                var encoded = SecretDataEncoder.Encode(SecretDataEntries.Of(SecretData), false);
                SecretRules.CheckRequiredKeys(type, encoded.Keys);
                var data = new List<KeyValuePair<string, string>>(encoded.Keys.Length);
                for (int i = 0; i < encoded.Keys.Length; i++) data.Add(new KeyValuePair<string, string>(encoded.Keys[i], encoded.Base64Values[i]));
                _documents.Add(ManifestWriter.Document(namespaceId, SecretName, type, data));
                WriteVerbose("Secret " + target + " (" + type + "), keys: " + string.Join(", ", encoded.Keys));
            }
            catch (SaeInputException ex)
            {
                // A partial export is worse than none: the first bad secret stops the whole conversion.
                Stop(ex, ErrorCategory.InvalidData, target);
            }
        }

        protected override void EndProcessing()
        {
            if (_documents.Count == 0)
            {
                if (_fullPath != null) WriteWarning("No secret was given: " + Path + " was not written.");
                return;
            }
            var text = YamlEngine.Write(_documents);
            if (_fullPath == null)
            {
                WriteObject(text);
                return;
            }
            CheckTarget();
            try
            {
                PrivateFile.Write(_fullPath, Encoding.UTF8.GetBytes(text), Force.IsPresent);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is PlatformNotSupportedException)
            {
                // Lost a race with whoever created the file after the check above, a missing folder, no permission.
                var exists = File.Exists(_fullPath) && !Force.IsPresent;
                Stop(new SaeInputException(exists ? ErrorIds.ManifestFileExists : ErrorIds.ManifestFileWriteFailed,
                    "The manifest was not written to " + Path + ": " + ex.Message.TrimEnd('.') + ".", "Path"),
                    exists ? ErrorCategory.ResourceExists : ErrorCategory.WriteError);
            }
            WriteVerbose("Wrote " + _documents.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " Secret(s) to " + _fullPath + " (readable by its owner only).");
        }

        /// <summary>-Path must not name a folder, nor an existing file unless -Force: checked before and after reading the input.</summary>
        private void CheckTarget()
        {
            if (Directory.Exists(_fullPath))
            {
                Stop(new SaeInputException(ErrorIds.ManifestFileExists, "-Path " + Path + " is a folder; name a file.", "Path"), ErrorCategory.ResourceExists);
            }
            if (File.Exists(_fullPath) && !Force.IsPresent)
            {
                Stop(new SaeInputException(ErrorIds.ManifestFileExists,
                    "The file " + Path + " exists. Pass -Force to replace it, or name another file.", "Path"), ErrorCategory.ResourceExists);
            }
        }

        private static bool HasLoneSurrogate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                else if (char.IsSurrogate(text[i])) return true;
            }
            return false;
        }

        private void Stop(SaeInputException ex, ErrorCategory category, object? target = null) =>
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, category, target));
    }
}
