using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SaeSecret.Tests.Support;
using SaeSecret.Yaml;
using Xunit;

namespace SaeSecret.Tests.Manifests
{
    /// <summary>The YAML engine (SaeSecret.Yaml): YAML and JSON to plain values, and its bounds for hostile input.</summary>
    public class YamlReaderTests
    {
        private static Dictionary<string, object> Map(object node) => Assert.IsType<Dictionary<string, object>>(node);

        private static YamlTextException Fails(string text, long maxSize = YamlReader.MaxSize) =>
            Assert.Throws<YamlTextException>(() => YamlReader.ReadDocuments(text, maxSize));

        [Fact]
        public void Reads_every_document_of_a_stream_and_an_empty_one_as_null()
        {
            var docs = YamlReader.ReadDocuments("a: 1\n---\n---\nb: [x, y]\n...\n");

            Assert.Equal(3, docs.Count);
            Assert.Equal("1", Map(docs[0])["a"]);
            Assert.Null(docs[1]);
            Assert.Equal(new object[] { "x", "y" }, Assert.IsType<List<object>>(Map(docs[2])["b"]));
        }

        [Fact]
        public void An_empty_text_has_no_document()
        {
            Assert.Empty(YamlReader.ReadDocuments(""));
            Assert.Empty(YamlReader.ReadDocuments("# only a comment\n"));
        }

        [Theory]
        [InlineData("5432")]
        [InlineData("true")]
        [InlineData("1.10")]
        [InlineData("0x1F")]
        [InlineData("yes")]
        [InlineData("2024-01-01")]
        [InlineData("1e3")]
        [InlineData("-.inf")]
        public void Unquoted_numbers_and_booleans_keep_their_literal_text(string literal)
        {
            var doc = Map(YamlReader.ReadDocuments("v: " + literal + "\n")[0]);

            Assert.Equal(literal, doc["v"]);
        }

        [Theory]
        [InlineData("v:\n")]
        [InlineData("v: ~\n")]
        [InlineData("v: null\n")]
        [InlineData("v: Null\n")]
        [InlineData("v: NULL\n")]
        [InlineData("v: !!null anything\n")]
        public void Null_scalars_are_null(string text)
        {
            Assert.Null(Map(YamlReader.ReadDocuments(text)[0])["v"]);
        }

        [Theory]
        [InlineData("v: ''\n", "")]
        [InlineData("v: \"null\"\n", "null")]
        [InlineData("v: '~'\n", "~")]
        [InlineData("v: !!str null\n", "null")]
        [InlineData("v: nUll\n", "nUll")]
        public void Quoted_or_tagged_text_is_never_null(string text, string expected)
        {
            Assert.Equal(expected, Map(YamlReader.ReadDocuments(text)[0])["v"]);
        }

        [Fact]
        public void Block_scalars_keep_their_line_breaks_as_YAML_defines_them()
        {
            var doc = Map(YamlReader.ReadDocuments("a: |\n  one\n  two\nb: |-\n  x\nc: >\n  folded\n  line\nd: \"tab\\there\\u00e9\"\n")[0]);

            Assert.Equal("one\ntwo\n", doc["a"]);
            Assert.Equal("x", doc["b"]);
            Assert.Equal("folded line\n", doc["c"]);
            Assert.Equal("tab\there\u00e9", doc["d"]);
        }

        [Fact]
        public void Reads_JSON_with_tabs_escapes_and_numbers_as_written()
        {
            var doc = Map(YamlReader.ReadDocuments("{\n\t\"a\": \"x\\/y\\u00e9\\ud83d\\ude00\",\n\t\"n\": 1.10,\n\t\"b\": true,\n\t\"z\": null,\n\t\"o\": {\"k\": [1, \"2\"]}\n}\n")[0]);

            Assert.Equal("x/y\u00e9\U0001F600", doc["a"]);
            Assert.Equal("1.10", doc["n"]);
            Assert.Equal("true", doc["b"]);
            Assert.Null(doc["z"]);
            Assert.Equal(new object[] { "1", "2" }, Assert.IsType<List<object>>(Map(doc["o"])["k"]));
        }

        [Fact]
        public void A_byte_order_mark_is_not_part_of_the_first_key()
        {
            Assert.True(Map(YamlReader.ReadDocuments("\uFEFFkind: Secret\n")[0]).ContainsKey("kind"));
        }

        [Fact]
        public void An_alias_is_the_node_its_anchor_names_not_a_copy()
        {
            var doc = Map(YamlReader.ReadDocuments("a: &x {k: v}\nb: *x\nc: &s text\nd: *s\n")[0]);

            Assert.Same(doc["a"], doc["b"]);
            Assert.Equal("text", doc["d"]);
        }

        [Fact]
        public void Merge_keys_are_ordinary_keys()
        {
            var doc = Map(YamlReader.ReadDocuments("base: &b {k: v}\nm:\n  <<: *b\n")[0]);

            Assert.True(Map(doc["m"]).ContainsKey("<<"));
        }

        [Fact]
        public void A_key_given_twice_in_one_mapping_is_an_error_naming_the_key_and_line()
        {
            var ex = Fails("a: 1\nb:\n  k: secret-value-1\n  k: secret-value-2\n");

            Assert.False(ex.LimitExceeded);
            Assert.Equal(1, ex.Document);
            Assert.Equal(4, ex.Line);
            Assert.Contains("'k' appears twice", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, "secret-value", "the duplicate-key error");
        }

        [Fact]
        public void A_mapping_as_a_key_is_an_error()
        {
            var ex = Fails("? {a: b}\n: c\n");

            Assert.Contains("only text keys", ex.Message);
        }

        [Fact]
        public void An_alias_without_its_anchor_is_an_error()
        {
            var ex = Fails("a: 1\n---\nb: *nowhere\n");

            Assert.Equal(2, ex.Document);
            Assert.Contains("*nowhere", ex.Message);
        }

        [Fact]
        public void Anchors_do_not_reach_into_the_next_document()
        {
            var ex = Fails("a: &x 1\n---\nb: *x\n");

            Assert.Equal(2, ex.Document);
        }

        [Theory]
        [InlineData("kind: Secret\ndata:\n  password: \"TopSecret-unterminated\n", 1)]
        [InlineData("kind: Secret\n---\ndata: [TopSecret-in-flow, \n", 2)]
        [InlineData("a: b\n---\nkind: Secret\ndata:\n  password: TopSecret-value\n bad-indent: x\n", 2)]
        [InlineData("data:\n  password: 'TopSecret-value' trailing\n", 1)]
        [InlineData("data:\n\tpassword: TopSecret-tab\n", 1)]
        public void Invalid_YAML_names_the_document_and_line_but_never_a_value(string text, int document)
        {
            var ex = Fails(text);

            Assert.False(ex.LimitExceeded);
            Assert.Equal(document, ex.Document);
            Assert.True(ex.Line > 0, "a line number");
            Assert.StartsWith("Not valid YAML at line ", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, "TopSecret", "the syntax error");
        }

        [Theory]
        [InlineData("!!str,[:,\n !!str\\u}`[*y  [<<|&y*x")]
        [InlineData("...  \t ,:\\u\"&y\"- \uFEFF'\uFFFD&x<<>}<< :!foo\t`%TAG]\\}&y  } \uFFFD")]
        [InlineData("- [ :!!str*y{}\\u&y\"\\`:---  *y\uFEFF?~\n|[%YAML 1.2\\u[%TAG\\u\n%YAML 1.2null&y!foo")]
        public void Text_on_which_YamlDotNet_stops_otherwise_is_invalid_YAML_too(string text)
        {
            // Found by feeding the reader 300,000 random strings of YAML tokens: YamlDotNet throws ArgumentException or
            // InvalidOperationException for these instead of a YamlException.
            var ex = Fails(text);

            Assert.False(ex.LimitExceeded);
            Assert.StartsWith("Not valid YAML", ex.Message);
            Assert.Contains("the parser stopped (", ex.Message);
        }

        [Fact]
        public void Text_YAML_cannot_hold_is_an_ArgumentException_from_the_writer()
        {
            var doc = new List<KeyValuePair<string, object>> { new KeyValuePair<string, object>("k", "x\ud800y") };

            var ex = Assert.Throws<ArgumentException>(() => YamlWriter.WriteDocuments(new[] { doc }));

            Assert.Contains("orphaned high surrogate", ex.Message);
        }

        [Fact]
        public void Text_over_the_limit_is_refused_before_it_is_parsed()
        {
            var ex = Fails("a: " + new string('x', 100) + "\n", 50);

            Assert.True(ex.LimitExceeded);
            Assert.Equal(0, ex.EventsRead);
        }

        [Fact]
        public void Text_of_exactly_4_MiB_without_aliases_is_read()
        {
            var line = "k: " + new string('v', 1000) + "\n";
            var sb = new StringBuilder();
            int i = 0;
            while (sb.Length + line.Length + 10 <= YamlReader.MaxSize) sb.Append("k").Append(i++).Append(line, 1, line.Length - 1);
            sb.Append(new string('#', YamlReader.MaxSize - sb.Length));

            Assert.Equal(YamlReader.MaxSize, sb.Length);
            Assert.Single(YamlReader.ReadDocuments(sb.ToString()));
        }

        /// <summary>The classic "billion laughs": nine levels of ten aliases each, a billion scalars once expanded.</summary>
        internal static string BillionLaughs()
        {
            var sb = new StringBuilder("lol0: &lol0 \"lol\"\n");
            for (int level = 1; level <= 9; level++)
            {
                sb.Append("lol").Append(level).Append(": &lol").Append(level).Append(" [");
                sb.Append(string.Join(", ", Enumerable.Repeat("*lol" + (level - 1), 10)));
                sb.Append("]\n");
            }
            return sb.ToString();
        }

        [Fact]
        public void A_billion_laughs_is_refused_after_reading_only_its_own_events()
        {
            var text = BillionLaughs();

            var ex = Fails(text);

            Assert.True(ex.LimitExceeded);
            Assert.Contains("aliases expand the text beyond 4,194,304", ex.Message);
            // The text itself has about 200 parser events; nothing an alias names was ever copied or walked.
            Assert.InRange(ex.EventsRead, 1, 250);
            // It stopped at the first alias that crossed the bound: what it counted is bounded by twice the limit.
            Assert.InRange(ex.ExpandedSize, YamlReader.MaxSize + 1, 2L * YamlReader.MaxSize);
        }

        [Fact]
        public void Aliases_that_expand_to_just_under_the_limit_are_read()
        {
            // 4 levels of 10 aliases: expanded, 1 (the document's mapping) + 5 keys of 2 + "lol" (3) + the sequences of
            // 1 + 10 x 3, 1 + 10 x 31, 1 + 10 x 311 and 1 + 10 x 3,111 = 34,578 (characters of text plus one per node).
            var sb = new StringBuilder("l0: &l0 \"lol\"\n");
            for (int level = 1; level <= 4; level++)
            {
                sb.Append('l').Append(level).Append(": &l").Append(level).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*l" + (level - 1), 10))).Append("]\n");
            }

            Assert.Single(YamlReader.ReadDocuments(sb.ToString(), 34578));
            var ex = Fails(sb.ToString(), 34577);
            Assert.True(ex.LimitExceeded);
            Assert.Equal(34578, ex.ExpandedSize);
        }

        [Fact]
        public void Nested_empty_collections_count_toward_the_limit_too()
        {
            var sb = new StringBuilder("e0: &e0 []\n");
            for (int level = 1; level <= 12; level++)
            {
                sb.Append('e').Append(level).Append(": &e").Append(level).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*e" + (level - 1), 10))).Append("]\n");
            }

            Assert.True(Fails(sb.ToString()).LimitExceeded);
        }
    }
}
