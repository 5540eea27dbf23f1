using System;
using System.Collections.Generic;
using System.Linq;
using SaeSecret.PowerShell.Manifests;
using SaeSecret.Yaml;
using Xunit;

namespace SaeSecret.Tests.Manifests
{
    /// <summary>kubectl's key order (go-yaml v2's keyList.Less) and quoting (go-yaml v2's resolver), as ported.</summary>
    public class KubectlFormatTests
    {
        [Theory]
        [InlineData("a2", "a10")]
        [InlineData("a01", "a2")]
        [InlineData("A", "Zb")]
        [InlineData("Zb", "a-b")]
        [InlineData("-x", ".x")]
        [InlineData(".x", "_x")]
        [InlineData("_x", "01")]
        [InlineData("01", "0x1F")]
        [InlineData("1", "1.10")]
        [InlineData("b", "y")]
        [InlineData("y", "yes")]
        [InlineData("x.9.y", "x.10.y")]
        [InlineData("apiVersion", "data")]
        [InlineData("data", "kind")]
        [InlineData("kind", "metadata")]
        [InlineData("metadata", "type")]
        [InlineData("name", "namespace")]
        public void Orders_keys_as_kubectl_does(string first, string second)
        {
            Assert.True(KubectlKeyOrder.Less(first, second), first + " before " + second);
            Assert.False(KubectlKeyOrder.Less(second, first), second + " after " + first);
        }

        [Fact]
        public void Keys_with_leading_zeros_can_form_a_circle_and_the_sort_is_still_deterministic()
        {
            Assert.True(KubectlKeyOrder.Less("01", "0x1F"));
            Assert.True(KubectlKeyOrder.Less("0x1F", "1"));
            Assert.True(KubectlKeyOrder.Less("1", "01"));

            var one = KubectlKeyOrder.Sort(new[] { "1", "0x1F", "01", "a" });
            var other = KubectlKeyOrder.Sort(new[] { "a", "01", "0x1F", "1" });

            Assert.Equal(one, other);
        }

        [Theory]
        [InlineData("Yg==")]
        [InlineData("a-b")]
        [InlineData(".x")]
        [InlineData("_1")]
        [InlineData("1e")]
        [InlineData("0x")]
        [InlineData("1-2")]
        [InlineData("0.5.1")]
        [InlineData("2024-02-30")]
        [InlineData("cn-hangzhou:prod")]
        [InlineData("kubernetes.io/tls")]
        [InlineData("+/ab")]
        [InlineData("nUll")]
        [InlineData("yES")]
        public void Text_that_reads_back_as_text_is_written_plain(string text)
        {
            Assert.True(GoYamlScalar.ReadsAsText(text), text);
        }

        [Theory]
        [InlineData("")]
        [InlineData("1234")]
        [InlineData("12345678")]
        [InlineData("+123")]
        [InlineData("-1")]
        [InlineData("08")]
        [InlineData("0777")]
        [InlineData("0X1f")]
        [InlineData("0b101")]
        [InlineData("0o17")]
        [InlineData("1_000")]
        [InlineData("1__2")]
        [InlineData("1.")]
        [InlineData(".5")]
        [InlineData("-.5")]
        [InlineData("1e3")]
        [InlineData("1e+5")]
        [InlineData("+1e5")]
        [InlineData("1.5E-3")]
        [InlineData("2024-2-3")]
        [InlineData("2024-02-29")]
        [InlineData("99999999999999999999")]
        [InlineData("1:30")]
        [InlineData("y")]
        [InlineData("Yes")]
        [InlineData("on")]
        [InlineData("OFF")]
        [InlineData("n")]
        [InlineData("NO")]
        [InlineData("true")]
        [InlineData("~")]
        [InlineData("null")]
        [InlineData(".inf")]
        [InlineData("-.Inf")]
        [InlineData(".NaN")]
        [InlineData("<<")]
        public void Text_that_would_read_back_as_something_else_is_quoted(string text)
        {
            Assert.False(GoYamlScalar.ReadsAsText(text), text);
        }

        [Fact]
        public void Digits_beyond_a_double_stay_text_as_in_go_yaml()
        {
            // Go's ParseFloat fails on overflow, so go-yaml keeps such a plain scalar as text.
            Assert.True(GoYamlScalar.ReadsAsText(new string('9', 400)));
            Assert.True(GoYamlScalar.ReadsAsText(".5e999"));
        }

        [Fact]
        public void Writes_several_documents_separated_by_dashes()
        {
            var doc = new List<KeyValuePair<string, object>> { new KeyValuePair<string, object>("a", "1") };

            var text = YamlWriter.WriteDocuments(new[] { doc, doc });

            Assert.Equal("a: \"1\"\n---\na: \"1\"\n", text);
        }
    }
}
