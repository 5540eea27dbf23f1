using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestText;

namespace SaeSecret.Tests.SecretData
{
    public class SecretDataEncoderTests
    {
        private static KeyValuePair<string, object> E(string key, object value) => new KeyValuePair<string, object>(key, value);

        private static EncodedSecretData Encode(bool base64Encoded, params KeyValuePair<string, object>[] entries) =>
            SecretDataEncoder.Encode(entries, base64Encoded);

        /// <summary>Reads the request body the way the service does: outer JSON → SecretData string → inner JSON object.</summary>
        private static JObject InnerMap(EncodedSecretData data)
        {
            var outer = JObject.Parse(Encoding.UTF8.GetString(data.Body));
            Assert.Equal(new[] { "SecretData" }, outer.Properties().Select(p => p.Name));
            Assert.Equal(JTokenType.String, outer["SecretData"].Type);
            return JObject.Parse((string)outer["SecretData"]);
        }

        private static byte[] DecodedValue(EncodedSecretData data, string key) =>
            Convert.FromBase64String((string)InnerMap(data)[key]);

        private static SaeInputException Rejects(string errorId, bool base64Encoded, params KeyValuePair<string, object>[] entries)
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretDataEncoder.Encode(entries, base64Encoded));
            Assert.Equal(errorId, ex.ErrorId);
            return ex;
        }

        [Theory]
        [InlineData("plain-ascii")]
        [InlineData("密码是秘密")]
        [InlineData("pässwörd àéîõü ñ")]
        [InlineData("key \U0001F511 emoji \U0001F600")]
        [InlineData("+/=~* with spaces ")]
        [InlineData("\"quoted\" \\back\\slash\n\ttab </script> & '")]
        [InlineData("")]
        public void String_values_round_trip_byte_for_byte_through_the_body(string value)
        {
            var data = Encode(false, E("value", value));

            SecretAssert.SameBytes(Encoding.UTF8.GetBytes(value), DecodedValue(data, "value"), "decoded value");
        }

        [Fact]
        public void String_value_is_standard_base64_of_its_utf8()
        {
            var data = Encode(false, E("k", "p@ss w0rd~*+/="));

            SecretAssert.SameText(Convert.ToBase64String(Encoding.UTF8.GetBytes("p@ss w0rd~*+/=")), (string)InnerMap(data)["k"], "encoded value");
        }

        [Fact]
        public void Body_is_exactly_the_SecretData_member_holding_the_inner_json_text()
        {
            var data = Encode(false, E("k2", "v2"), E("k1", "v1"));

            Assert.Equal("{\"SecretData\":\"{\\\"k1\\\":\\\"djE=\\\",\\\"k2\\\":\\\"djI=\\\"}\"}", Encoding.UTF8.GetString(data.Body));
        }

        [Fact]
        public void Body_matches_the_official_library_for_the_dockerconfigjson_vector()
        {
            var vector = SignatureVectors.Named("update-secret-dockerconfigjson");
            var vectorBody = (string)vector["body"];
            var base64 = (string)JObject.Parse((string)JObject.Parse(vectorBody)["SecretData"])[".dockerconfigjson"];
            var dockerConfig = Encoding.UTF8.GetString(Convert.FromBase64String(base64));

            var data = Encode(false, E(".dockerconfigjson", dockerConfig));

            SecretAssert.SameBytes(Encoding.UTF8.GetBytes(vectorBody), data.Body, "request body");
            Assert.Equal(
                SignatureVectors.Pairs(vector["headers"]).Single(h => h.Key == "x-acs-content-sha256").Value,
                Hex(data.Body));
        }

        [Fact]
        public void Body_matches_the_official_library_for_the_two_key_vector()
        {
            var vector = SignatureVectors.Named("update-secret-sts-token");

            var data = Encode(false, E("k1", "v1"), E("k2", "v2"));

            SecretAssert.SameBytes(Encoding.UTF8.GetBytes((string)vector["body"]), data.Body, "request body");
        }

        private static string Hex(byte[] body) => SaeSecret.PowerShell.Signing.Hex.Sha256(body);

        [Fact]
        public void Byte_array_values_are_sent_as_base64_of_the_raw_bytes()
        {
            var raw = new byte[] { 0x00, 0xFF, 0x80, 0x7F, 0xC3, 0x28, 0x0A, 0x2B };

            var data = Encode(false, E("bin", raw));

            SecretAssert.SameBytes(raw, DecodedValue(data, "bin"), "decoded bytes");
        }

        [Fact]
        public void SecureString_values_are_encoded_like_strings()
        {
            const string value = "s3cure-Välue-\U0001F512";

            var data = Encode(false, E("password", Secure(value)));

            SecretAssert.SameBytes(Encoding.UTF8.GetBytes(value), DecodedValue(data, "password"), "decoded secure value");
        }

        [Fact]
        public void Empty_SecureString_is_an_empty_value()
        {
            var data = Encode(false, E("empty", Secure("")));

            Assert.Equal("", (string)InnerMap(data)["empty"]);
        }

        [Fact]
        public void SecureString_with_base64Encoded_is_sent_unchanged_or_rejected()
        {
            var data = Encode(true, E("k", Secure("c2VjcmV0")));
            SecretAssert.SameText("c2VjcmV0", (string)InnerMap(data)["k"], "base64 secure value");

            var ex = Rejects(ErrorIds.SecretDataValueNotBase64, true, E("k", Secure("not base64!")));
            SecretAssert.DoesNotLeak(ex.Message, "not base64!", "error message");
        }

        [Fact]
        public void Numbers_are_formatted_with_the_invariant_culture()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                var data = Encode(false, E("double", 1234.5), E("int", 42), E("decimal", -0.25m), E("long", 9007199254740993L));

                Assert.Equal("1234.5", Encoding.UTF8.GetString(DecodedValue(data, "double")));
                Assert.Equal("42", Encoding.UTF8.GetString(DecodedValue(data, "int")));
                Assert.Equal("-0.25", Encoding.UTF8.GetString(DecodedValue(data, "decimal")));
                Assert.Equal("9007199254740993", Encoding.UTF8.GetString(DecodedValue(data, "long")));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        [Fact]
        public void Keys_are_sorted_ordinally_in_the_body_and_reported()
        {
            var data = Encode(false, E("b", "1"), E("a", "2"), E("B", "3"), E("_x", "4"), E(".dot", "5"), E("A-1", "6"));

            var expected = new[] { ".dot", "A-1", "B", "_x", "a", "b" };
            Assert.Equal(expected, data.Keys);
            Assert.Equal(expected, InnerMap(data).Properties().Select(p => p.Name));
        }

        [Fact]
        public void A_hashtable_works_as_input()
        {
            var table = new Hashtable { ["username"] = "admin", ["password"] = "TestPassword-1" };

            var data = SecretDataEncoder.Encode(table.Cast<DictionaryEntry>().Select(d => E((string)d.Key, d.Value)), false);

            Assert.Equal(new[] { "password", "username" }, data.Keys);
        }

        [Theory]
        [InlineData("")]
        [InlineData("AAAA")]
        [InlineData("djE=")]
        [InlineData("YQ==")]
        [InlineData("ab+/cd+/")]
        [InlineData("eyJhdXRocyI6e319")]
        [InlineData("azAZ09+/")]         // the ends of each range
        public void Base64Encoded_values_are_sent_unchanged(string value)
        {
            var data = Encode(true, E("k", value));

            SecretAssert.SameText(value, (string)InnerMap(data)["k"], "base64 value");
        }

        [Theory]
        [InlineData("abc")]              // wrong length
        [InlineData("abcde")]            // wrong length
        [InlineData("ab!d")]             // bad character
        [InlineData("ab-_")]             // base64url alphabet
        [InlineData("a=bc")]             // '=' inside
        [InlineData("ab=c")]             // '=' inside
        [InlineData("a===")]             // too much padding
        [InlineData("YWJj ZGVm")]        // space
        [InlineData("YWJj\nZGVm")]       // newline
        [InlineData(" YWJj")]            // leading whitespace
        [InlineData("YWJjZA==\t")]       // trailing tab
        [InlineData("ab{d")]             // just outside a-z
        [InlineData("ab@d")]             // just outside A-Z
        [InlineData("ab:d")]             // just outside 0-9
        [InlineData("ab.d")]
        public void Base64Encoded_rejects_text_that_is_not_strict_base64(string value)
        {
            var ex = Rejects(ErrorIds.SecretDataValueNotBase64, true, E("token", value));

            SecretAssert.DoesNotLeak(ex.Message, value, "NotBase64 message");
            Assert.Contains("token", ex.Message);
        }

        [Fact]
        public void Base64Encoded_rejects_distinctive_value_without_quoting_it()
        {
            const string value = "Distinctive Secret Value 7f3a!";

            var ex = Rejects(ErrorIds.SecretDataValueNotBase64, true, E("k", value));

            Assert.False(ex.Message.Contains(value), "message leaked the value");
            Assert.False(ex.ToString().Contains(value), "exception text leaked the value");
        }

        [Fact]
        public void Base64Encoded_rejects_byte_arrays()
        {
            Rejects(ErrorIds.SecretDataValueNotBase64, true, E("bin", new byte[] { 1, 2, 3 }));
        }

        [Fact]
        public void Null_value_is_rejected_naming_the_key()
        {
            var ex = Rejects(ErrorIds.SecretDataValueNull, false, E("ok", "TestValue-1"), E("missing", null));

            Assert.Contains("missing", ex.Message);
        }

        [Fact]
        public void Collections_are_rejected_rather_than_stored_as_their_type_name()
        {
            var list = Rejects(ErrorIds.SecretDataValueUnsupported, false, E("list", new object[] { "a", "b" }));
            var map = Rejects(ErrorIds.SecretDataValueUnsupported, false, E("map", new Dictionary<string, string> { ["a"] = "b" }));
            Rejects(ErrorIds.SecretDataValueUnsupported, false, E("ints", new List<int> { 1 }));

            Assert.Contains("'list' is a collection (Object[])", list.Message);
            Assert.Contains("'map' is a collection (", map.Message);
            Assert.Equal("SecretData", list.ParamName);
        }

        public static TheoryData<object, string> NumbersAndBooleans => new TheoryData<object, string>
        {
            { true, "true" },
            { false, "false" },
            { (sbyte)-8, "-8" },
            { (byte)255, "255" },
            { (short)-16, "-16" },
            { (ushort)65535, "65535" },
            { -32, "-32" },
            { 4294967295u, "4294967295" },
            { long.MinValue, "-9223372036854775808" },
            { ulong.MaxValue, "18446744073709551615" },
            { 0.1 + 0.2, "0.30000000000000004" },
            { 1234.5, "1234.5" },
            { 1e21, "1E+21" },
            { double.NaN, "NaN" },
            { double.NegativeInfinity, "-Infinity" },
            { 1.5f, "1.5" },
            { 0.1f, "0.1" },
            { 1.10m, "1.10" },
            { -0.25m, "-0.25" },
        };

        [Theory]
        [MemberData(nameof(NumbersAndBooleans))]
        public void Numbers_and_booleans_have_one_invariant_text(object value, string expected)
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                // A culture with ',' as the decimal separator and its own digits grouping must not show through.
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                var data = Encode(false, E("k", value));

                Assert.Equal(expected, Encoding.UTF8.GetString(DecodedValue(data, "k")));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        [Fact]
        public void Numbers_and_booleans_with_base64Encoded_are_checked_as_base64_text()
        {
            Assert.Equal("1234", (string)InnerMap(Encode(true, E("k", 1234)))["k"]);
            Assert.Equal("true", (string)InnerMap(Encode(true, E("k", true)))["k"]);
            Rejects(ErrorIds.SecretDataValueNotBase64, true, E("k", 12));
            Rejects(ErrorIds.SecretDataValueNotBase64, true, E("k", false));
            Rejects(ErrorIds.SecretDataValueNotBase64, true, E("k", 1.5));
        }

        [Fact]
        public void Char_array_values_are_encoded_like_strings_and_left_as_they_were()
        {
            const string value = "ch@rs-Välue-🔒";
            var chars = value.ToCharArray();

            var data = Encode(false, E("k", chars));

            SecretAssert.SameBytes(Encoding.UTF8.GetBytes(value), DecodedValue(data, "k"), "decoded char[] value");
            SecretAssert.SameText(value, new string(chars), "the caller's char[] afterwards");
        }

        [Fact]
        public void Char_array_with_base64Encoded_is_sent_unchanged_or_rejected()
        {
            var data = Encode(true, E("k", "c2VjcmV0".ToCharArray()));
            SecretAssert.SameText("c2VjcmV0", (string)InnerMap(data)["k"], "base64 char[] value");

            var ex = Rejects(ErrorIds.SecretDataValueNotBase64, true, E("k", "not base64!".ToCharArray()));
            SecretAssert.DoesNotLeak(ex.Message, "not base64!", "error message");
        }

        [Fact]
        public void Empty_char_array_is_an_empty_value()
        {
            Assert.Equal("", (string)InnerMap(Encode(false, E("k", new char[0])))["k"]);
        }

        private sealed class SecretHolder
        {
            public override string ToString() => "Holder-Secret-Value-5d9e";
        }

        // Not a theory: test names would show each value, and some of these hold a secret. Each comes with the text
        // that would show it in a message (null where it has none of its own).
        private static readonly (object Value, string Shown)[] OtherObjects =
        {
            (new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), "03:04:05"),
            (new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), "03:04:05"),
            (TimeSpan.FromMinutes(90), "01:30:00"),
            (Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "0f8fad5b"),
            ('c', null),
            (DayOfWeek.Monday, "Monday"),
            (new System.Numerics.BigInteger(987654321), "987654321"),
            (new Uri("https://user:pass@example.com/"), "user:pass"),
            (new System.Net.NetworkCredential("user-name", "Network-Secret-2b7f"), "Network-Secret-2b7f"),
            (new object(), null),
            (new SecretHolder(), "Holder-Secret-Value-5d9e"),
        };

        [Fact]
        public void Any_other_object_is_unsupported_naming_the_key_and_type_but_not_the_value()
        {
            foreach (var (value, shown) in OtherObjects)
            {
                var type = value.GetType().FullName;
                var ex = Rejects(ErrorIds.SecretDataValueUnsupported, false, E("password", value));

                Assert.True(ex.Message.Contains("'password'"), type + ": the message does not name the key");
                Assert.True(ex.Message.Contains(type), type + ": the message does not name the type");
                Assert.Equal("SecretData", ex.ParamName);
                if (shown != null) SecretAssert.DoesNotLeak(ex.Message, shown, type + " message");
            }
        }

        [Fact]
        public void An_unsupported_value_is_refused_even_with_base64Encoded()
        {
            Rejects(ErrorIds.SecretDataValueUnsupported, true, E("k", new DateTime(2024, 1, 2)));
        }

        [Fact]
        public void Empty_map_is_rejected()
        {
            Rejects(ErrorIds.SecretDataEmpty, false);
        }

        [Fact]
        public void Null_map_is_rejected()
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretDataEncoder.Encode(null, false));
            Assert.Equal(ErrorIds.SecretDataEmpty, ex.ErrorId);
        }

        [Theory]
        [InlineData("")]
        [InlineData(null)]
        public void Empty_key_is_rejected(string key)
        {
            Rejects(ErrorIds.SecretDataKeyEmpty, false, E(key, "TestValue-1"));
        }

        [Theory]
        [InlineData("a b")]
        [InlineData("a/b")]
        [InlineData("ä")]
        [InlineData("a:b")]
        [InlineData("a=b")]
        [InlineData("a\tb")]
        [InlineData("key\U0001F511")]
        [InlineData("a`b")]                // just outside a-z, A-Z and 0-9
        [InlineData("a{b")]
        [InlineData("a@b")]
        [InlineData("a[b")]
        public void Invalid_keys_are_rejected(string key)
        {
            Rejects(ErrorIds.SecretDataKeyInvalid, false, E(key, "TestValue-1"));
        }

        [Theory]
        [InlineData(".")]
        [InlineData("..")]
        [InlineData("..data")]
        public void Keys_kubernetes_reserves_are_rejected(string key)
        {
            // Kubernetes rejects the data keys '.', '..' and anything starting with '..' (IsConfigMapKey).
            Rejects(ErrorIds.SecretDataKeyInvalid, false, E(key, "TestValue-1"));
        }

        [Fact]
        public void Key_longer_than_253_characters_is_rejected()
        {
            Encode(false, E(new string('k', 253), "v"));
            Rejects(ErrorIds.SecretDataKeyInvalid, false, E(new string('k', 254), "v"));
        }

        [Fact]
        public void Duplicate_key_is_rejected()
        {
            Rejects(ErrorIds.SecretDataKeyInvalid, false, E("k", "TestValue-1"), E("k", "TestValue-2"));
        }

        [Theory]
        [InlineData(".dockerconfigjson")]
        [InlineData("tls.crt")]
        [InlineData("tls.key")]
        [InlineData("a-b_c.D9")]
        [InlineData("az")]                 // the ends of each range
        [InlineData("AZ")]
        [InlineData("09")]
        public void Valid_keys_are_accepted(string key)
        {
            var data = Encode(false, E(key, "TestValue-1"));

            Assert.Equal(new[] { key }, data.Keys);
            Assert.NotNull(InnerMap(data)[key]);
        }

        private static int BodyOverhead(string key) =>
            Encode(true, E(key, "AAAA")).Body.Length - 4;

        [Fact]
        public void Body_of_exactly_one_MiB_is_accepted_and_one_more_block_is_too_large()
        {
            // Body = {"SecretData":"{\"data\":\"<value>\"}"}: 32 bytes around the value, so a 4-aligned value fills 1 MiB exactly.
            int overhead = BodyOverhead("data");
            Assert.Equal(32, overhead);
            int valueLength = SecretDataEncoder.MaxBodyBytes - overhead;

            var atLimit = Encode(true, E("data", new string('A', valueLength)));
            Assert.Equal(SecretDataEncoder.MaxBodyBytes, atLimit.Body.Length);

            var ex = Rejects(ErrorIds.SecretDataTooLarge, true, E("data", new string('A', valueLength + 4)));
            Assert.False(ex.Message.Contains("AAAAAAAA"), "message leaked the value");
            Assert.Contains("1,048,580", ex.Message); // says how big the body would be
        }

        [Fact]
        public void Plain_value_just_under_the_limit_is_accepted_and_over_it_rejected()
        {
            // 3 plain bytes become 4 base64 characters.
            int underLimit = (SecretDataEncoder.MaxBodyBytes - BodyOverhead("k")) / 4 * 3;
            var ok = Encode(false, E("k", new string('x', underLimit)));
            Assert.True(ok.Body.Length <= SecretDataEncoder.MaxBodyBytes, "body over the limit was accepted");
            Assert.True(ok.Body.Length > SecretDataEncoder.MaxBodyBytes - 8, "test value is not just under the limit");

            var ex = Rejects(ErrorIds.SecretDataTooLarge, false, E("k", new string('x', underLimit + 3)));
            Assert.Contains("1 MiB", ex.Message);
        }

        [Fact]
        public void Error_messages_never_contain_the_value()
        {
            const string value = "Zq9-Distinctive-Secret-Value";
            var cases = new Func<EncodedSecretData>[]
            {
                () => Encode(true, E("k", value)),
                () => Encode(false, E("bad key", value)),
                () => Encode(false, E("", value)),
                () => Encode(false, E("k", value), E("k", value)),
                () => Encode(false, E("k", value), E("n", null)),
                () => Encode(false, E("k", value + new string('x', SecretDataEncoder.MaxBodyBytes))),
            };

            foreach (var run in cases)
            {
                var ex = Assert.Throws<SaeInputException>(() => run());
                Assert.False(ex.Message.Contains(value), "message leaked the value (" + ex.ErrorId + ")");
                Assert.False(ex.Message.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(value))), "message leaked the encoded value (" + ex.ErrorId + ")");
            }
        }

        [Fact]
        public void ToString_shows_key_names_only()
        {
            const string value = "Zq9-Distinctive-Secret-Value";

            var data = Encode(false, E("username", "admin-user"), E("password", value));
            var text = data.ToString();

            Assert.Contains("username", text);
            Assert.Contains("password", text);
            Assert.False(text.Contains(value), "ToString leaked the value");
            Assert.False(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(value))), "ToString leaked the encoded value");
            Assert.False(text.Contains("admin-user"), "ToString leaked a value");
        }
    }
}
