using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using SaeSecret.PowerShell.Manifests;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// ConvertFrom-SaeSecretManifest: Kubernetes Secret manifests (YAML or JSON; several documents, kind: List) from
    /// files or piped text → one SecretManifest per Secret, whose properties bind to New-SaeSecret and Set-SaeSecret.
    /// Everything is read and checked before anything is written, so bad input anywhere stops the whole conversion.
    /// </summary>
    [Cmdlet(VerbsData.ConvertFrom, "SaeSecretManifest", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(SecretManifest))]
    public sealed class ConvertFromSaeSecretManifestCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputObjectSet = "InputObject";
        private const string PipedLabel = "the piped text";

        private readonly List<KeyValuePair<string, string>> _files = new List<KeyValuePair<string, string>>();
        private readonly HashSet<string> _fileSet = new HashSet<string>(StringComparer.Ordinal);
        private readonly StringBuilder _piped = new StringBuilder();
        private long _pipedBytes;
        private bool _anyPiped;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>Manifest text; piped lines are gathered and read as one text at the end.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? InputObject { get; set; }

        /// <summary>The namespace of every Secret read, over metadata.namespace.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? NamespaceId { get; set; }

        protected override void BeginProcessing()
        {
            if (NamespaceId == null) return;
            try
            {
                SaeEndpoint.RegionOf(NamespaceId);
            }
            catch (SaeInputException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidArgument, NamespaceId));
            }
        }

        protected override void ProcessRecord()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case PathSet:
                        foreach (var path in Path) AddFiles(path, literal: false);
                        break;
                    case LiteralPathSet:
                        foreach (var path in LiteralPath) AddFiles(path, literal: true);
                        break;
                    default:
                        AddPiped(InputObject);
                        break;
                }
            }
            catch (SaeInputException ex)
            {
                Stop(ex);
            }
        }

        protected override void EndProcessing()
        {
            var reader = new ManifestReader(NamespaceId, WriteVerbose, WriteWarning);
            try
            {
                foreach (var file in _files)
                {
                    var label = "'" + file.Value + "'";
                    var text = ManifestText.ReadFile(file.Key, label);
                    reader.Read(YamlEngine.Read(text, label, "Path"), label, "Path");
                }
                if (_anyPiped)
                {
                    reader.Read(YamlEngine.Read(_piped.ToString(), PipedLabel, "InputObject"), PipedLabel, "InputObject");
                }
            }
            catch (SaeInputException ex)
            {
                Stop(ex);
            }
            ResultFormat.EnsureLoaded(this);
            WriteVerbose("Read " + reader.Secrets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " Secret(s).");
            WriteObject(reader.Secrets, true);
        }

        private void AddFiles(string path, bool literal)
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                RequireFileSystem(provider, path);
                AddFile(full, path);
                return;
            }
            var matches = new List<string>();
            try
            {
                matches.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider2));
                RequireFileSystem(provider2, path);
            }
            catch (ItemNotFoundException)
            {
                // No match: reported below.
            }
            if (matches.Count == 0)
            {
                WriteWarning("No file matches '" + path + "'.");
                return;
            }
            matches.Sort(StringComparer.Ordinal);
            foreach (var match in matches)
            {
                if (Directory.Exists(match))
                {
                    WriteVerbose("Skipped the folder '" + match + "' that '" + path + "' matches.");
                    continue;
                }
                AddFile(match, match);
            }
        }

        private void AddFile(string full, string shown)
        {
            // A file named twice (a.yaml and *.yaml) is read once.
            if (_fileSet.Add(full)) _files.Add(new KeyValuePair<string, string>(full, shown));
        }

        private static void RequireFileSystem(ProviderInfo? provider, string path)
        {
            if (provider != null && !string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                throw new SaeInputException(ErrorIds.ManifestFileNotFound,
                    "'" + path + "' is in the " + provider.Name + " provider; manifests are read from files.", "Path");
            }
        }

        private void AddPiped(string? line)
        {
            if (line == null) return;
            if (_anyPiped) _piped.Append('\n');
            _anyPiped = true;
            _pipedBytes += Encoding.UTF8.GetByteCount(line) + 1;
            if (_pipedBytes > ManifestText.MaxBytes + 1L) throw ManifestText.TooLarge(PipedLabel, _pipedBytes - 1);
            _piped.Append(line);
        }

        private void Stop(SaeInputException ex)
        {
            var category = ex.ErrorId == ErrorIds.ManifestFileNotFound ? ErrorCategory.ObjectNotFound
                : ex.ErrorId == ErrorIds.ManifestTooLarge ? ErrorCategory.LimitsExceeded
                : ErrorCategory.InvalidData;
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, category, null));
        }
    }
}
