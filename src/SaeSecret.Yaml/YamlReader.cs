using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SaeSecret.Yaml
{
    /// <summary>
    /// Reads a YAML stream (JSON is YAML too) into plain .NET values, one per document:
    /// a mapping is a <see cref="Dictionary{TKey, TValue}"/> of string → value (keys as written, each once), a sequence a
    /// <see cref="List{T}"/>, a scalar its text exactly as written after YAML's own unescaping and folding (an unquoted
    /// <c>5432</c>, <c>true</c> or <c>1.10</c> stays that text: no number or boolean is ever made), and null for an empty
    /// document or a null scalar (unquoted empty, <c>~</c>, <c>null</c>, <c>Null</c>, <c>NULL</c>, or tagged <c>!!null</c>).
    /// Other tags are ignored. Merge keys (<c>&lt;&lt;</c>) are not expanded: they are ordinary keys.
    /// </summary>
    /// <remarks>
    /// Bounded for hostile input: text over <see cref="MaxSize"/> characters is refused before parsing, and so is a
    /// stream whose aliases would expand it beyond the same size. An alias is never copied: it is the very node its anchor
    /// names (the result may share nodes), and only its size is counted, as characters of scalar text plus one per node,
    /// so a "billion laughs" text is refused after reading its few hundred events.
    /// </remarks>
    public static class YamlReader
    {
        /// <summary>4 MiB: the largest text read, and the largest size its aliases may expand it to.</summary>
        public const int MaxSize = 4 * 1024 * 1024;

        private const string NullTag = "tag:yaml.org,2002:null";

        public static IList<object?> ReadDocuments(string text) => ReadDocuments(text, MaxSize);

        public static IList<object?> ReadDocuments(string text, long maxSize)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            if (text.Length > maxSize)
            {
                throw new YamlTextException(
                    string.Format(CultureInfo.InvariantCulture, "The text has {0:N0} characters; at most {1:N0} are read.", text.Length, maxSize),
                    0, 0, 0, true, text.Length, 0);
            }
            // A byte-order mark is an encoding detail, not part of the first key.
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
            return new Builder(maxSize).Read(text);
        }

        private sealed class Frame
        {
            public Frame(Dictionary<string, object?>? map, List<object?>? list, string? anchor, long startSize, Mark start)
            {
                Map = map;
                List = list;
                Anchor = anchor;
                StartSize = startSize;
                Start = start;
            }

            public Dictionary<string, object?>? Map { get; }
            public List<object?>? List { get; }
            public string? Anchor { get; }
            public long StartSize { get; }
            public Mark Start { get; }
            public bool HasKey { get; set; }
            public string Key { get; set; } = string.Empty;
        }

        private sealed class Anchored
        {
            public Anchored(object? node, long size)
            {
                Node = node;
                Size = size;
            }

            public object? Node { get; }
            public long Size { get; }
        }

        private sealed class Builder
        {
            private readonly long _maxSize;
            private readonly List<object?> _documents = new List<object?>();
            private readonly Stack<Frame> _stack = new Stack<Frame>();
            private readonly Dictionary<string, Anchored> _anchors = new Dictionary<string, Anchored>(StringComparer.Ordinal);
            private int _document;
            private long _size;
            private long _events;
            private object? _root;
            private Mark _at = Mark.Empty;

            public Builder(long maxSize)
            {
                _maxSize = maxSize;
            }

            public IList<object?> Read(string text)
            {
                var parser = new Parser(new StringReader(text));
                try
                {
                    while (parser.MoveNext())
                    {
                        _events++;
                        var e = parser.Current!;
                        _at = e.Start;
                        Handle(e);
                    }
                }
                catch (YamlException ex)
                {
                    var mark = ex.Start.Line > 0 ? ex.Start : _at;
                    throw Invalid(mark, Inert(ex.Message));
                }
                catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is FormatException || ex is OverflowException)
                {
                    // YamlDotNet's parser stops on some malformed text (a tag that is not a URI, a stream that goes on
                    // after it ended) with these rather than a YamlException; after the last event read, it is the same.
                    throw Invalid(_at, "the parser stopped (" + Inert(ex.Message) + ").");
                }
                return _documents;
            }

            private void Handle(ParsingEvent e)
            {
                switch (e)
                {
                    case DocumentStart _:
                        _document++;
                        _anchors.Clear();
                        _root = null;
                        break;
                    case DocumentEnd _:
                        _documents.Add(_root);
                        break;
                    case Scalar scalar:
                        Grow(Math.Max(1, scalar.Value.Length), scalar.Start);
                        object? value = IsNull(scalar) ? null : scalar.Value;
                        if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor.Value] = new Anchored(value, Math.Max(1, scalar.Value.Length));
                        Add(value, scalar.Value, scalar.Start);
                        break;
                    case AnchorAlias alias:
                        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw Invalid(alias.Start, "An alias (*" + Inert(alias.Value.Value) + ") names no anchor defined before it in this document.");
                        }
                        Grow(target.Size, alias.Start);
                        Add(target.Node, target.Node == null ? string.Empty : target.Node as string, alias.Start);
                        break;
                    case MappingStart mapping:
                        Grow(1, mapping.Start);
                        _stack.Push(new Frame(new Dictionary<string, object?>(StringComparer.Ordinal), null, mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value, _size, mapping.Start));
                        break;
                    case SequenceStart sequence:
                        Grow(1, sequence.Start);
                        _stack.Push(new Frame(null, new List<object?>(), sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value, _size, sequence.Start));
                        break;
                    case MappingEnd _:
                    case SequenceEnd _:
                        var frame = _stack.Pop();
                        object node = (object?)frame.Map ?? frame.List!;
                        if (frame.Anchor != null) _anchors[frame.Anchor] = new Anchored(node, _size - frame.StartSize + 1);
                        Add(node, null, frame.Start);
                        break;
                }
            }

            private static bool IsNull(Scalar scalar)
            {
                if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
                {
                    return string.Equals(scalar.Tag.Value, NullTag, StringComparison.Ordinal);
                }
                if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty) return false;
                switch (scalar.Value)
                {
                    case "":
                    case "~":
                    case "null":
                    case "Null":
                    case "NULL":
                        return true;
                    default:
                        return false;
                }
            }

            private void Add(object? node, string? keyText, Mark at)
            {
                if (_stack.Count == 0)
                {
                    _root = node;
                    return;
                }
                var top = _stack.Peek();
                if (top.List != null)
                {
                    top.List.Add(node);
                    return;
                }
                if (!top.HasKey)
                {
                    if (keyText == null) throw Invalid(at, "A mapping key is a mapping or a sequence; only text keys are read.");
                    if (top.Map!.ContainsKey(keyText)) throw Invalid(at, "The key '" + Inert(keyText) + "' appears twice in one mapping.");
                    top.Key = keyText;
                    top.HasKey = true;
                    return;
                }
                top.Map![top.Key] = node;
                top.HasKey = false;
            }

            private void Grow(long by, Mark at)
            {
                _size += by;
                if (_size > _maxSize)
                {
                    throw new YamlTextException(
                        string.Format(CultureInfo.InvariantCulture,
                            "Its aliases expand the text beyond {0:N0} (characters of text plus one per node); reading stopped after {1:N0} parser events.",
                            _maxSize, _events),
                        _document, at.Line, at.Column, true, _size, _events);
                }
            }

            private YamlTextException Invalid(Mark at, string why) =>
                new YamlTextException(
                    at.Line > 0
                        ? string.Format(CultureInfo.InvariantCulture, "Not valid YAML at line {0}, column {1}: {2}", at.Line, at.Column, why)
                        : "Not valid YAML: " + why,
                    _document, at.Line, at.Column, false, _size, _events);
        }

        /// <summary>Control characters out of text that goes into a message (an anchor or key name from the input).</summary>
        internal static string Inert(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text) sb.Append(c < 0x20 || (c >= 0x7F && c <= 0x9F) ? '\uFFFD' : c);
            return sb.ToString();
        }
    }
}
