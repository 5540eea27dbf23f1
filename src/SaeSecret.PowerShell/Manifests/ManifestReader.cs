using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using SaeSecret.PowerShell.Http;
using SaeSecret.PowerShell.Rules;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Manifests
{
    /// <summary>
    /// Kubernetes Secrets out of parsed manifest documents (the YAML engine's plain tree: Dictionary, List, string, null),
    /// by the rules Kubernetes has: data values are base64 (kept byte for byte), stringData values are text (UTF-8) and
    /// win over data for the same key, keys are [-._a-zA-Z0-9]+, a missing type is Opaque. Other kinds are skipped;
    /// <c>kind: List</c> and <c>SecretList</c> are read item by item. Anything wrong is a <see cref="SaeInputException"/>
    /// naming the input, the document (the first is 1) and the Secret, never a value.
    /// </summary>
    internal sealed class ManifestReader
    {
        private readonly string? _namespaceId;
        private readonly Action<string> _verbose;
        private readonly Action<string> _warning;
        private readonly List<SecretManifest> _secrets = new List<SecretManifest>();
        private readonly Dictionary<string, string> _seen = new Dictionary<string, string>(StringComparer.Ordinal);
        private string _parameter = "InputObject";

        /// <param name="namespaceId">-NamespaceId: wins over metadata.namespace (already checked by the caller).</param>
        public ManifestReader(string? namespaceId, Action<string> verbose, Action<string> warning)
        {
            _namespaceId = namespaceId;
            _verbose = text => verbose(ServerText.Inert(text));
            _warning = text => warning(ServerText.Inert(text));
        }

        /// <summary>Every Secret read so far, in the order read.</summary>
        public IReadOnlyList<SecretManifest> Secrets => _secrets;

        /// <param name="documents">The documents of one input, in order.</param>
        /// <param name="label">The input in messages: a path in quotes, or "the piped text".</param>
        /// <param name="parameter">The parameter the input came from, for the errors.</param>
        public void Read(IList<object?> documents, string label, string parameter)
        {
            _parameter = parameter;
            if (documents.Count == 0) _verbose(label + " has no document.");
            for (int i = 0; i < documents.Count; i++)
            {
                ReadObject(documents[i], label + ", document " + (i + 1).ToString(CultureInfo.InvariantCulture), false, false);
            }
        }

        private void ReadObject(object? node, string where, bool inList, bool secretListItem)
        {
            if (node == null)
            {
                _verbose(where + " is empty: skipped.");
                return;
            }
            if (!(node is Dictionary<string, object?> obj))
            {
                throw Fail(ErrorIds.ManifestInvalid, where + " is not a Kubernetes object: a manifest document is a mapping with apiVersion and kind.");
            }
            var kind = Text(obj, "kind", where);
            if (kind == null)
            {
                if (!secretListItem) throw Fail(ErrorIds.ManifestInvalid, where + " has no kind: every Kubernetes object names its kind (kind: Secret).");
                kind = "Secret";
            }
            switch (kind)
            {
                case "List":
                case "SecretList":
                    if (inList) throw Fail(ErrorIds.ManifestInvalid, where + " is a " + kind + " inside a list; lists do not nest.");
                    ReadItems(obj, where, kind == "SecretList");
                    return;
                case "Secret":
                    ReadSecret(obj, where, secretListItem);
                    return;
                default:
                    var name = obj.TryGetValue("metadata", out var m) && m is Dictionary<string, object?> meta && meta.TryGetValue("name", out var n) && n is string s ? " '" + ServerText.Inert(s) + "'" : string.Empty;
                    _verbose(where + " is a " + ServerText.Inert(kind) + name + ", not a Secret: skipped.");
                    return;
            }
        }

        private void ReadItems(Dictionary<string, object?> list, string where, bool secretList)
        {
            if (!list.TryGetValue("items", out var items) || items == null)
            {
                _verbose(where + " is a list without items.");
                return;
            }
            if (!(items is List<object?> sequence)) throw Fail(ErrorIds.ManifestInvalid, where + ": items is not a sequence.");
            for (int i = 0; i < sequence.Count; i++)
            {
                ReadObject(sequence[i], where + ", item " + (i + 1).ToString(CultureInfo.InvariantCulture), true, secretList);
            }
        }

        private void ReadSecret(Dictionary<string, object?> secret, string where, bool secretListItem)
        {
            var apiVersion = Text(secret, "apiVersion", where);
            if (apiVersion == null ? !secretListItem : !string.Equals(apiVersion, "v1", StringComparison.Ordinal))
            {
                throw Fail(ErrorIds.ManifestInvalid,
                    where + " is a Secret " + (apiVersion == null ? "without apiVersion" : "of apiVersion '" + ServerText.Inert(apiVersion) + "'") +
                    ": Kubernetes Secrets are apiVersion v1.");
            }

            var metadata = Mapping(secret, "metadata", where);
            var name = metadata == null ? null : Text(metadata, "name", where + ": metadata");
            if (string.IsNullOrEmpty(name))
            {
                throw Fail(ErrorIds.ManifestInvalid, where + " is a Secret without metadata.name.");
            }
            var at = where + ", Secret '" + ServerText.Inert(name) + "'";
            Rule(at, () => SecretRules.CheckName(name!));

            var namespaceId = NamespaceOf(metadata!, at);

            var type = Text(secret, "type", at) ?? SecretRules.Opaque;
            if (Array.IndexOf(SecretRules.Types, type) < 0)
            {
                throw Fail(ErrorIds.SecretTypeInvalid,
                    at + ": type '" + ServerText.Inert(type) + "' is not one SAE has: Opaque, kubernetes.io/dockerconfigjson or kubernetes.io/tls.");
            }

            if (secret.ContainsKey("immutable"))
            {
                _warning(at + ": immutable does not exist in SAE; it is ignored.");
            }

            var data = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            var encoded = Mapping(secret, "data", at);
            if (encoded != null)
            {
                foreach (var pair in encoded)
                {
                    var text = Value(pair, "data", at);
                    data[pair.Key] = Base64(text, pair.Key, at);
                }
            }
            var plain = Mapping(secret, "stringData", at);
            if (plain != null)
            {
                foreach (var pair in plain)
                {
                    // stringData is text, and wins over data for the same key, as in Kubernetes.
                    data[pair.Key] = Encoding.UTF8.GetBytes(Value(pair, "stringData", at));
                }
            }
            if (data.Count == 0)
            {
                throw Fail(ErrorIds.SecretDataEmpty, at + " has no data: give data or stringData with at least one key.");
            }
            Rule(at, () => SecretRules.CheckRequiredKeys(type, data.Keys));

            var identity = (namespaceId ?? string.Empty) + "\n" + name;
            if (_seen.TryGetValue(identity, out var first))
            {
                throw Fail(ErrorIds.ManifestSecretDuplicate,
                    at + " is there twice: also at " + first + ". Keep one of them, so the result cannot depend on their order.");
            }
            _seen.Add(identity, at);

            var map = new OrderedDictionary(data.Count, StringComparer.Ordinal);
            foreach (var pair in data) map.Add(pair.Key, pair.Value);
            _secrets.Add(new SecretManifest(namespaceId, name!, type, map, where));
        }

        private string? NamespaceOf(Dictionary<string, object?> metadata, string at)
        {
            if (_namespaceId != null) return _namespaceId;
            var ns = Text(metadata, "namespace", at + ": metadata");
            if (ns == null) return null;
            try
            {
                SaeEndpoint.RegionOf(ns);
                return ns;
            }
            catch (SaeInputException)
            {
                _verbose(at + ": metadata.namespace '" + ServerText.Inert(ns) + "' is not an SAE NamespaceId ('<region>' or '<region>:<name>'): ignored.");
                return null;
            }
        }

        /// <summary>A data or stringData entry's text: its key checked, a null or nested value refused.</summary>
        private string Value(KeyValuePair<string, object?> pair, string field, string at)
        {
            var key = pair.Key;
            Rule(at + ", " + field, () => SecretDataEncoder.ValidateKey(key));
            switch (pair.Value)
            {
                case string text:
                    return text;
                case null:
                    throw Fail(ErrorIds.SecretDataValueNull,
                        at + ": " + field + " key '" + key + "' has no value (null). Write '' for an empty value.");
                default:
                    throw Fail(ErrorIds.ManifestInvalid,
                        at + ": " + field + " key '" + key + "' holds a " + Shape(pair.Value) + "; a value is a single text.");
            }
        }

        /// <summary>Base64 as Kubernetes reads it (Go's standard encoding, padded; line breaks skipped), to bytes.</summary>
        private byte[] Base64(string text, string key, string at)
        {
            var compact = text.IndexOf('\n') < 0 && text.IndexOf('\r') < 0 ? text : text.Replace("\r", string.Empty).Replace("\n", string.Empty);
            if (!SecretDataEncoder.IsStrictBase64(compact))
            {
                throw Fail(ErrorIds.SecretDataValueNotBase64,
                    at + ": data key '" + key + "' is not base64. data values are base64 (A-Z, a-z, 0-9, '+', '/', '=' padding); put plain text under stringData instead.");
            }
            return Convert.FromBase64String(compact);
        }

        private string? Text(Dictionary<string, object?> obj, string field, string where)
        {
            if (!obj.TryGetValue(field, out var value) || value == null) return null;
            if (value is string text) return text;
            throw Fail(ErrorIds.ManifestInvalid, where + ": " + field + " is a " + Shape(value) + ", not a text.");
        }

        private Dictionary<string, object?>? Mapping(Dictionary<string, object?> obj, string field, string where)
        {
            if (!obj.TryGetValue(field, out var value) || value == null) return null;
            if (value is Dictionary<string, object?> mapping) return mapping;
            throw Fail(ErrorIds.ManifestInvalid, where + ": " + field + " is a " + Shape(value) + ", not a mapping.");
        }

        private static string Shape(object? value) => value is List<object?> ? "sequence" : value is string ? "text" : "mapping";

        /// <summary>Runs one of the module's own rules, its message prefixed with where the Secret is.</summary>
        private void Rule(string at, Action check)
        {
            try
            {
                check();
            }
            catch (SaeInputException ex)
            {
                throw Fail(ex.ErrorId, at + ": " + Bare(ex));
            }
        }

        /// <summary>The message without ArgumentException's " (Parameter 'x')" suffix.</summary>
        private static string Bare(ArgumentException ex)
        {
            var message = ex.Message;
            int suffix = ex.ParamName == null ? -1 : message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
            return suffix > 0 ? message.Substring(0, suffix) : message;
        }

        /// <summary>The error, with control characters out of what the input named (keys, kinds, paths).</summary>
        private SaeInputException Fail(string errorId, string message) => new SaeInputException(errorId, ServerText.Inert(message), _parameter);
    }
}
