using System;
using System.Collections.Generic;
using System.Linq;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.SecretData
{
    public class SecretDataJsonTests
    {
        private static string Single(string json, string name)
        {
            var members = SecretDataJson.ReadObject(json);
            Assert.Equal(new[] { name }, members.Select(m => m.Key));
            return members[0].Value;
        }

        private static SaeInputException Rejects(string errorId, string json)
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretDataJson.ReadObject(json));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal("SecretData", ex.ParamName);
            return ex;
        }

        [Theory]
        [InlineData("2024-01-02T03:04:05+02:00")]
        [InlineData("2024-01-02T03:04:05Z")]
        [InlineData("2024-01-02")]
        [InlineData("/Date(1704157445000)/")]
        [InlineData(" 007 ")]
        [InlineData("")]
        [InlineData("1.10")]
        [InlineData("true")]
        [InlineData("null")]
        public void Strings_are_kept_exactly_as_given(string value)
        {
            var json = "{\"k\":" + Newtonsoft.Json.JsonConvert.ToString(value) + "}";

            SecretAssert.SameText(value, Single(json, "k"), "string member");
        }

        [Fact]
        public void Escapes_in_strings_are_unescaped()
        {
            SecretAssert.SameText("a\"b\\c/d\u00e9\n\t\U0001F511", Single("{\"k\":\"a\\\"b\\\\c\\/d\\u00e9\\n\\t\\ud83d\\udd11\"}", "k"), "unescaped member");
        }

        [Theory]
        [InlineData("1.10")]
        [InlineData("1.0")]
        [InlineData("0")]
        [InlineData("-0")]
        [InlineData("-42")]
        [InlineData("1E+2")]
        [InlineData("1e-7")]
        [InlineData("2.50e10")]
        [InlineData("9007199254740993")]
        [InlineData("12345678901234567890123")]
        [InlineData("0.30000000000000004441")]
        [InlineData("true")]
        [InlineData("false")]
        [InlineData("0xAB")]
        [InlineData("0x1f")]
        public void Numbers_and_booleans_are_kept_as_written(string literal)
        {
            Assert.Equal(literal, Single("{\"k\":" + literal + "}", "k"));
        }

        [Theory]
        [InlineData("{\"k\": 1.10 }")]
        [InlineData("{\"k\":\t1.10\t}")]
        [InlineData("{ \"k\" : 1.10 , }")]
        [InlineData("{\"k\":/*before*/1.10/*after*/}")]
        [InlineData("{\"k\":1.10 // note\n}")]
        [InlineData("{\n  \"k\":\n  1.10\n}")]
        [InlineData("{\r\n  \"k\":\r\n  1.10\r\n}")]
        [InlineData("{\r  \"k\":\r  1.10\r}")]
        [InlineData("{\n\n\"k\":\n\n1.10}")]
        [InlineData("{\r\r\"k\":\r\r1.10}")]
        [InlineData("{\"k\":\n\r1.10}")]
        [InlineData("{\"k\":\r\n\r\n1.10}")]
        [InlineData("\r{\"k\":\r1.10}")]
        [InlineData("\n{\"k\":1.10}\r")]
        [InlineData("/* lead */ {\"k\":1.10} /* trail */")]
        public void A_literal_is_cut_from_the_text_wherever_it_stands(string json)
        {
            Assert.Equal("1.10", Single(json, "k"));
        }

        [Fact]
        public void Literals_on_later_lines_after_multi_line_strings_and_comments_are_found()
        {
            var json = "{\"a\":\"x\\ny\",\r\n\"b\":\r\n-2.50,\n/* one\r\ntwo\rthree */ \"c\":true,\r\"d\":1E3,\n\n\"e\":\"z\"}";

            var members = SecretDataJson.ReadObject(json);

            Assert.Equal(new[] { "a", "b", "c", "d", "e" }, members.Select(m => m.Key));
            Assert.Equal(new[] { "x\ny", "-2.50", "true", "1E3", "z" }, members.Select(m => m.Value));
        }

        [Fact]
        public void Literals_far_into_a_long_text_are_found()
        {
            // Longer than the reader's buffer, so its positions must survive buffer shifts.
            var filler = new string('x', 10000);
            var json = "{\"a\":\"" + filler + "\",\n\"b\":1.10,\"c\":\"" + filler + "\",\"d\":0.50}";

            var members = SecretDataJson.ReadObject(json);

            Assert.Equal("1.10", members[1].Value);
            Assert.Equal("0.50", members[3].Value);
        }

        [Fact]
        public void Members_keep_their_order_and_names()
        {
            var members = SecretDataJson.ReadObject("{\"b\":\"1\",\"a\":2,\"B\":\"3\",\".dot\":\"4\"}");

            Assert.Equal(new[] { "b", "a", "B", ".dot" }, members.Select(m => m.Key));
            Assert.Equal(new[] { "1", "2", "3", "4" }, members.Select(m => m.Value));
        }

        [Fact]
        public void Null_members_are_kept_as_null_for_the_encoder_to_report()
        {
            var members = SecretDataJson.ReadObject("{\"a\":null,\"b\":\"v\"}");

            Assert.Null(members[0].Value);
            Assert.Equal("v", members[1].Value);
        }

        [Fact]
        public void An_empty_object_has_no_members()
        {
            Assert.Empty(SecretDataJson.ReadObject("{}"));
            Assert.Empty(SecretDataJson.ReadObject(" { } "));
        }

        [Fact]
        public void What_JObject_Parse_accepted_is_still_accepted()
        {
            // Newtonsoft's lenient forms, accepted before: single quotes, bare names, undefined, NaN.
            var members = SecretDataJson.ReadObject("{'a':'x',b:1.50,\"c\":undefined,\"d\":NaN,\"e\":-Infinity}");

            Assert.Equal(new[] { "a", "b", "c", "d", "e" }, members.Select(m => m.Key));
            Assert.Equal(new[] { "x", "1.50", "undefined", "NaN", "-Infinity" }, members.Select(m => m.Value));
        }

        [Theory]
        [InlineData("{\"k\":\"first\",\"k\":\"second\"}")]
        [InlineData("{\"k\":1,\"other\":2,\"k\":1}")]
        [InlineData("{\"k\":null,\"k\":null}")]
        public void A_member_named_twice_is_refused(string json)
        {
            var ex = Rejects(ErrorIds.SecretDataKeyDuplicate, json);

            Assert.Contains("'k' twice", ex.Message);
            Assert.DoesNotContain("first", ex.Message);
            Assert.DoesNotContain("second", ex.Message);
        }

        [Fact]
        public void Names_differing_only_in_case_are_different_members()
        {
            Assert.Equal(2, SecretDataJson.ReadObject("{\"k\":\"1\",\"K\":\"2\"}").Count);
        }

        [Theory]
        [InlineData("{\"k\":{\"nested\":1}}")]
        [InlineData("{\"k\":{}}")]
        [InlineData("{\"k\":[1,2]}")]
        [InlineData("{\"k\":[]}")]
        [InlineData("{\"k\":new Date(1)}")]
        public void Nested_values_are_unsupported(string json)
        {
            var ex = Rejects(ErrorIds.SecretDataValueUnsupported, json);

            Assert.Contains("'k'", ex.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("/* only a comment */")]
        [InlineData("[1]")]
        [InlineData("\"text\"")]
        [InlineData("{")]
        [InlineData("{\"k\"")]
        [InlineData("{\"k\":")]
        [InlineData("{\"k\":\"v\"")]
        [InlineData("{\"k\":1")]
        [InlineData("{\"k\":\"v\",")]
        [InlineData("{\"k\":\"v\"} x")]
        [InlineData("{\"k\":\"v\"}}")]
        [InlineData("{\"k\":\"v\"} {\"k\":\"w\"}")]
        [InlineData("{\"k\":tru}")]
        [InlineData("{\"k\":-}")]
        [InlineData("{,}")]
        public void Text_that_is_not_one_JSON_object_is_refused(string json)
        {
            Rejects(ErrorIds.SecretDataJsonInvalid, json);
        }

        [Fact]
        public void The_refusal_does_not_quote_the_text()
        {
            const string value = "Distinct-Secret-7f3a";

            var ex = Rejects(ErrorIds.SecretDataJsonInvalid, "{\"k\":\"" + value + "\" " + value + "}");

            Assert.False(ex.Message.Contains(value), "message quoted the text");
            Assert.Null(ex.InnerException);
        }

        [Fact]
        public void Null_text_is_an_argument_error()
        {
            Assert.Throws<ArgumentNullException>(() => SecretDataJson.ReadObject(null));
        }
    }
}
