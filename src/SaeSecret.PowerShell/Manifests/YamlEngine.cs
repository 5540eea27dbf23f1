using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using SaeSecret.Yaml;

namespace SaeSecret.PowerShell.Manifests
{
    /// <summary>
    /// The only code of this assembly that names the YAML engine's types, each call behind
    /// <see cref="YamlEngineLoader.EnsureReady"/>: the engine (and YamlDotNet) load when a method here first runs, never
    /// at Import-Module. Its errors become <see cref="SaeInputException"/>s naming the input and the document.
    /// </summary>
    internal static class YamlEngine
    {
        /// <summary>Every document of a manifest text, as plain values (see SaeSecret.Yaml.YamlReader).</summary>
        public static IList<object?> Read(string text, string label, string parameter)
        {
            YamlEngineLoader.EnsureReady();
            return ReadCore(text, label, parameter);
        }

        public static string Write(IEnumerable<IList<KeyValuePair<string, object>>> documents)
        {
            YamlEngineLoader.EnsureReady();
            return WriteCore(documents);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IList<object?> ReadCore(string text, string label, string parameter)
        {
            try
            {
                return YamlReader.ReadDocuments(text, YamlReader.MaxSize);
            }
            catch (YamlTextException ex)
            {
                var where = ex.Document > 0 ? label + ", document " + ex.Document.ToString(CultureInfo.InvariantCulture) : label;
                throw new SaeInputException(ex.LimitExceeded ? ErrorIds.ManifestTooLarge : ErrorIds.ManifestYamlInvalid,
                    Http.ServerText.Inert(where + ": " + ex.Message), parameter);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string WriteCore(IEnumerable<IList<KeyValuePair<string, object>>> documents) => YamlWriter.WriteDocuments(documents);
    }
}
