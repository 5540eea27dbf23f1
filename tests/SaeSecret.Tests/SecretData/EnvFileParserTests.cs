using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.SecretData
{
    public class EnvFileParserTests
    {
        private static (string Key, string Value, int Line)[] Parse(string text, bool bom = false)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (bom) bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray();
            return EnvFileParser.Parse(bytes, "app.env").Select(e => (e.Key, e.Value, e.Line)).ToArray();
        }

        private static SaeInputException Fails(string text) =>
            Assert.Throws<SaeInputException>(() => EnvFileParser.Parse(Encoding.UTF8.GetBytes(text), "app.env"));

        [Fact]
        public void Reads_key_value_lines_skipping_blank_lines_and_comments()
        {
            var entries = Parse("# comment\n\nA=1\n   \n  # indented comment\nB=two words\n");

            Assert.Equal(new[] { ("A", "1", 3), ("B", "two words", 6) }, entries);
        }

        [Theory]
        [InlineData("export KEY=v", "KEY", "v")]
        [InlineData("export\tKEY=v", "KEY", "v")]
        [InlineData("  KEY  =v", "KEY", "v")]
        [InlineData("exported=v", "exported", "v")]
        [InlineData("KEY=a=b==c", "KEY", "a=b==c")]
        [InlineData("KEY=", "KEY", "")]
        [InlineData("KEY=value   \t", "KEY", "value")]
        [InlineData("KEY=  leading trimmed", "KEY", "leading trimmed")]
        [InlineData("KEY=v # a comment when unquoted", "KEY", "v")]
        [InlineData("KEY=v#not a comment without white space before it", "KEY", "v#not a comment without white space before it")]
        [InlineData("KEY= \"x\"", "KEY", "x")]
        [InlineData("KEY=\"a=b # c\"", "KEY", "a=b # c")]
        [InlineData("KEY='a=b # c'", "KEY", "a=b # c")]
        [InlineData("KEY=\"x\" # a comment after the quote", "KEY", "x")]
        [InlineData("KEY=\"\"", "KEY", "")]
        [InlineData("KEY=it's", "KEY", "it's")]
        public void Parses_one_line(string line, string key, string value)
        {
            var entry = Assert.Single(Parse(line));
            Assert.Equal(key, entry.Key);
            SecretAssert.SameText(value, entry.Value, "value");
        }

        public static IEnumerable<object[]> CorpusCases => EnvFileCorpus.Names.Select(name => new object[] { name });

        [Fact]
        public void The_corpus_is_whole()
        {
            // A corpus that failed to load or lost rows would pass every row it still has.
            Assert.True(EnvFileCorpus.Names.Count() >= 60, "the corpus has " + EnvFileCorpus.Names.Count() + " cases");
            Assert.Equal(EnvFileCorpus.Names.Count(), EnvFileCorpus.Names.Distinct(StringComparer.Ordinal).Count());
        }

        [Theory]
        [MemberData(nameof(CorpusCases))]
        public void Reads_the_corpus_by_Docker_Compose_rules(string name)
        {
            var row = EnvFileCorpus.Named(name);
            var text = (string)row["text"];
            var bytes = Encoding.UTF8.GetBytes(text);
            if (row["error"] is JObject error)
            {
                var ex = Assert.Throws<SaeInputException>(() => EnvFileParser.Parse(bytes, "app.env"));
                Assert.Equal((string)error["id"], ex.ErrorId);
                int line = (int)error["line"];
                Assert.StartsWith("app.env, line " + line + ", ", ex.Message);
                // The line, and each piece of it between bare carriage returns, must not appear in the message.
                var content = text.Replace("\r\n", "\n").Split('\n')[line - 1];
                foreach (var piece in new[] { content.Replace("\r", "") }.Concat(content.Split('\r')))
                {
                    if (piece.Trim().Length > 0) SecretAssert.DoesNotLeak(ex.Message, piece.Trim(), name + ": the error message");
                }
                return;
            }
            var expected = ((JObject)row["expect"]).Properties().ToArray();
            var entries = EnvFileParser.Parse(bytes, "app.env");
            Assert.Equal(expected.Select(p => p.Name), entries.Select(e => e.Key));
            for (int k = 0; k < expected.Length; k++)
            {
                SecretAssert.SameText((string)expected[k].Value, entries[k].Value, name + ": " + expected[k].Name);
            }
        }

        [Fact]
        public void Double_quotes_unwrap_the_escapes_and_keep_other_backslashes()
        {
            var entry = Assert.Single(Parse("K=\"a\\nb\\rc\\td\\\"e\\\\f\\x\\\"\""));
            SecretAssert.SameText("a\nb\rc\td\"e\\f\\x\"", entry.Value, "value");
        }

        [Fact]
        public void Single_quotes_are_literal()
        {
            var entry = Assert.Single(Parse("K='a\\nb\\\\c'"));
            SecretAssert.SameText("a\\nb\\\\c", entry.Value, "value");
        }

        [Theory]
        [InlineData("\n")]
        [InlineData("\r\n")]
        public void Quoted_values_span_lines_with_LF_breaks_whatever_the_file_uses(string newline)
        {
            var text = string.Join(newline, "A=\"first", "second # kept", "third\"", "B='x", "y'", "C=after");
            var entries = Parse(text);

            Assert.Equal(3, entries.Length);
            SecretAssert.SameText("first\nsecond # kept\nthird", entries[0].Value, "A");
            SecretAssert.SameText("x\ny", entries[1].Value, "B");
            Assert.Equal(("C", "after", 6), entries[2]);
        }

        [Fact]
        public void CRLF_is_read_as_LF_and_unquoted_values_lose_the_CR()
        {
            var entries = Parse("A=1\r\nB=2\r\n");
            Assert.Equal(new[] { ("A", "1", 1), ("B", "2", 2) }, entries);
        }

        [Fact]
        public void A_byte_order_mark_is_not_part_of_the_first_key()
        {
            Assert.Equal(new[] { ("A", "1", 1) }, Parse("A=1", bom: true));
        }

        [Fact]
        public void Multi_byte_characters_survive_wherever_they_fall()
        {
            // A 3-byte character straddling 4096 and 8192: a buffered reader would see it split.
            var padding = new string('x', 4096 - "K=".Length - 1);
            var value = padding + "€" + new string('y', 4093) + "秘" + "🔐";
            var entry = Assert.Single(Parse("K=" + value + "\n"));
            SecretAssert.SameText(value, entry.Value, "value");
        }

        [Theory]
        [InlineData("A=1\nno equals here\n", 2, "EnvFileLineInvalid")]
        [InlineData("A=\"open\nstill open\n", 1, "EnvFileQuoteUnterminated")]
        [InlineData("A=1\nB='open", 2, "EnvFileQuoteUnterminated")]
        [InlineData("A=\"x\" trailing", 1, "EnvFileLineInvalid")]
        [InlineData("A=1\n=value\n", 2, "SecretDataKeyEmpty")]
        [InlineData("bad key=value", 1, "SecretDataKeyInvalid")]
        [InlineData("a/b=value", 1, "SecretDataKeyInvalid")]
        public void Errors_name_the_file_and_line_never_the_content(string text, int line, string errorId)
        {
            var ex = Fails(text);

            Assert.Equal(errorId, ex.ErrorId);
            Assert.StartsWith("app.env, line " + line + ", ", ex.Message);
            foreach (var part in new[] { "open", "still", "trailing", "value", "no equals", "bad key", "a/b" })
            {
                Assert.DoesNotContain(part, ex.Message.Replace("opens a quoted value", ""), StringComparison.Ordinal);
            }
        }

        [Fact]
        public void A_file_that_is_not_UTF8_is_refused_without_a_line()
        {
            var ex = Assert.Throws<SaeInputException>(() => EnvFileParser.Parse(new byte[] { (byte)'A', (byte)'=', 0xFF, 0xFE }, "bin.env"));
            Assert.Equal("EnvFileInvalid", ex.ErrorId);
            Assert.StartsWith("bin.env is not UTF-8 text", ex.Message);
        }

        [Fact]
        public void An_empty_file_has_no_entries()
        {
            Assert.Empty(Parse(""));
            Assert.Empty(Parse("\n\n# only comments\n"));
        }

        [Fact]
        public void A_file_that_is_only_a_byte_order_mark_has_no_entries()
        {
            Assert.Empty(Parse("", bom: true));
        }

        [Theory]
        [InlineData("export")]
        [InlineData("export\n")]
        [InlineData("  export")]
        public void A_bare_export_line_has_no_equals(string text)
        {
            var ex = Fails(text);

            Assert.Equal("EnvFileLineInvalid", ex.ErrorId);
            Assert.StartsWith("app.env, line 1, has no '='", ex.Message);
        }

        [Theory]
        [InlineData("SIXCHR =v", "SIXCHR", "v")]
        [InlineData("ABCDEF\t= v", "ABCDEF", "v")]
        [InlineData("export SIXCHR =v", "SIXCHR", "v")]
        public void Only_the_word_export_is_dropped_before_a_key(string line, string key, string value)
        {
            var entry = Assert.Single(Parse(line));
            Assert.Equal(key, entry.Key);
            SecretAssert.SameText(value, entry.Value, "value");
        }

        [Fact]
        public void A_backslash_ending_a_line_in_double_quotes_is_kept_and_the_value_goes_on()
        {
            var entry = Assert.Single(Parse("K=\"a\\\nb\\\"\nc\"\nL=1"), e => e.Key == "K");
            SecretAssert.SameText("a\\\nb\"\nc", entry.Value, "value");
        }
    }
}
