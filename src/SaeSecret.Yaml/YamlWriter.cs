using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SaeSecret.Yaml
{
    /// <summary>
    /// Writes mappings as kubectl prints YAML (go-yaml v2 through sigs.k8s.io/yaml): block style, two-space indentation,
    /// lines folded at 80 columns where a value has spaces, a key longer than 128 characters written as <c>? key</c>,
    /// and a text value unquoted unless go-yaml would read it back as something else (then in double quotes; with a line
    /// break, as a literal block). Keys come out in the order given: the caller sorts them.
    /// </summary>
    public static class YamlWriter
    {
        /// <summary>
        /// One document per mapping, separated by <c>---</c> lines, each line ending in LF. A value is a string or a
        /// nested mapping (an <see cref="IList{T}"/> of key/value pairs).
        /// </summary>
        public static string WriteDocuments(IEnumerable<IList<KeyValuePair<string, object>>> documents)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
            var emitter = new Emitter(writer, new EmitterSettings(2, 80, false, 128, false, false, "\n", false));
            try
            {
                emitter.Emit(new StreamStart());
                foreach (var document in documents)
                {
                    emitter.Emit(new DocumentStart(null, null, true));
                    WriteMapping(emitter, document);
                    emitter.Emit(new DocumentEnd(true));
                }
                emitter.Emit(new StreamEnd());
            }
            catch (YamlException ex)
            {
                // Text YAML cannot hold (a lone UTF-16 surrogate): a BCL exception, so callers need not know YamlDotNet.
                throw new ArgumentException("The text cannot be written as YAML: " + YamlReader.Inert(ex.Message), nameof(documents));
            }
            return writer.ToString();
        }

        private static void WriteMapping(IEmitter emitter, IList<KeyValuePair<string, object>> mapping)
        {
            emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
            foreach (var pair in mapping)
            {
                WriteText(emitter, pair.Key);
                switch (pair.Value)
                {
                    case string text:
                        WriteText(emitter, text);
                        break;
                    case IList<KeyValuePair<string, object>> nested:
                        WriteMapping(emitter, nested);
                        break;
                    default:
                        throw new ArgumentException("The value of '" + YamlReader.Inert(pair.Key) + "' is neither text nor a mapping.", nameof(mapping));
                }
            }
            emitter.Emit(new MappingEnd());
        }

        private static void WriteText(IEmitter emitter, string text)
        {
            ScalarStyle style = text.IndexOf('\n') >= 0 ? ScalarStyle.Literal
                : GoYamlScalar.ReadsAsText(text) ? ScalarStyle.Plain
                : ScalarStyle.DoubleQuoted;
            emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, true, true));
        }
    }
}
