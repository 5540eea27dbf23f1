using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestText;

namespace SaeSecret.Tests.SecretData
{
    /// <summary>Keys to set and keys to remove ($null), merged onto a secret's stored data.</summary>
    public class SecretDataPatchTests
    {
        private const string NewValue = "Patch-New-Value-71";
        private const string OtherValue = "Patch-Other-Value-72";

        private static KeyValuePair<string, object> E(string key, object value) => new KeyValuePair<string, object>(key, value);

        private static SecretDataPatch Patch(params KeyValuePair<string, object>[] entries) => SecretDataPatch.Encode(entries, false);

        /// <summary>The stored map as DescribeSecret gives it: key → base64.</summary>
        private static Dictionary<string, string> Stored(params (string Key, string Text)[] pairs) =>
            pairs.ToDictionary(p => p.Key, p => B64(p.Text), StringComparer.Ordinal);

        /// <summary>The key → base64 map inside an encoded body.</summary>
        private static Dictionary<string, string> MapOf(EncodedSecretData data)
        {
            var outer = JObject.Parse(Encoding.UTF8.GetString(data.Body));
            var inner = JObject.Parse((string)outer["SecretData"]);
            return inner.Properties().ToDictionary(p => p.Name, p => (string)p.Value, StringComparer.Ordinal);
        }

        // ---- Encode ----

        [Fact]
        public void Null_entries_are_SecretDataEmpty()
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretDataPatch.Encode(null, false));

            Assert.Equal(ErrorIds.SecretDataEmpty, ex.ErrorId);
            Assert.Equal("SecretData", ex.ParamName);
            Assert.StartsWith("SecretData is null.", ex.Message);
        }

        [Fact]
        public void No_entries_are_SecretDataEmpty()
        {
            var ex = Assert.Throws<SaeInputException>(() => Patch());

            Assert.Equal(ErrorIds.SecretDataEmpty, ex.ErrorId);
            Assert.Equal("SecretData", ex.ParamName);
            Assert.StartsWith("SecretData has no keys", ex.Message);
        }

        [Fact]
        public void Values_are_set_and_encoded_with_keys_sorted()
        {
            var patch = Patch(E("b", NewValue), E("A", OtherValue));

            Assert.Equal(new[] { "A", "b" }, patch.Set.Keys);
            Assert.Empty(patch.Remove);
            SecretAssert.SameText(B64(OtherValue), patch.Set.Base64Values[0], "A");
            SecretAssert.SameText(B64(NewValue), patch.Set.Base64Values[1], "b");
        }

        [Fact]
        public void Null_values_only_remove_and_set_nothing()
        {
            var patch = Patch(E("b", null), E("_x", null), E("A", null), E("a", null));

            Assert.Null(patch.Set);
            Assert.Equal(new[] { "A", "_x", "a", "b" }, patch.Remove);
        }

        [Fact]
        public void A_key_removed_twice_is_removed_once()
        {
            var patch = Patch(E("gone", null), E("gone", null));

            Assert.Equal(new[] { "gone" }, patch.Remove);
        }

        [Fact]
        public void Set_and_remove_together()
        {
            var patch = Patch(E("keep", NewValue), E("drop", null));

            Assert.Equal(new[] { "keep" }, patch.Set.Keys);
            Assert.Equal(new[] { "drop" }, patch.Remove);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_key_both_set_and_removed_is_SecretDataKeyInvalid(bool removeFirst)
        {
            var entries = removeFirst
                ? new[] { E("other", null), E("both", null), E("both", NewValue) }
                : new[] { E("both", NewValue), E("other", OtherValue), E("both", null) };

            var ex = Assert.Throws<SaeInputException>(() => SecretDataPatch.Encode(entries, false));

            Assert.Equal(ErrorIds.SecretDataKeyInvalid, ex.ErrorId);
            Assert.Equal("SecretData", ex.ParamName);
            Assert.Contains("'both'", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, NewValue, "error message");
        }

        [Theory]
        [InlineData("", "SecretDataKeyEmpty")]
        [InlineData(null, "SecretDataKeyEmpty")]
        [InlineData("bad key", "SecretDataKeyInvalid")]
        [InlineData("..hidden", "SecretDataKeyInvalid")]
        [InlineData("ключ", "SecretDataKeyInvalid")]
        public void A_key_to_remove_is_validated_like_a_key_to_set(string key, string errorId)
        {
            var ex = Assert.Throws<SaeInputException>(() => Patch(E("ok", NewValue), E(key, null)));

            Assert.Equal(errorId, ex.ErrorId);
        }

        [Fact]
        public void An_invalid_key_to_set_is_rejected_by_the_encoder()
        {
            var ex = Assert.Throws<SaeInputException>(() => Patch(E("bad key", NewValue), E("gone", null)));

            Assert.Equal(ErrorIds.SecretDataKeyInvalid, ex.ErrorId);
        }

        [Fact]
        public void Base64Encoded_values_are_checked_and_kept_as_given()
        {
            var base64 = B64(NewValue);
            var patch = SecretDataPatch.Encode(new[] { E("k", base64), E("gone", null) }, true);

            SecretAssert.SameText(base64, patch.Set.Base64Values[0], "k");

            var ex = Assert.Throws<SaeInputException>(() => SecretDataPatch.Encode(new[] { E("k", "not base64!"), E("gone", null) }, true));
            Assert.Equal(ErrorIds.SecretDataValueNotBase64, ex.ErrorId);
        }

        [Fact]
        public void Without_Base64Encoded_a_base64_looking_value_is_encoded_again()
        {
            var base64 = B64(NewValue);
            var patch = SecretDataPatch.Encode(new[] { E("k", base64) }, false);

            SecretAssert.SameText(B64(base64), patch.Set.Base64Values[0], "k");
        }

        // ---- ApplyTo ----

        [Fact]
        public void ApplyTo_overlays_set_keys_removes_removed_keys_and_keeps_the_rest()
        {
            var current = Stored(("a", "stored-a"), ("b", "stored-b"), ("c", "stored-c"));
            var patch = Patch(E("b", NewValue), E("d", OtherValue), E("c", null));

            var merged = patch.ApplyTo(current);

            Assert.Equal(new[] { "a", "b", "d" }, merged.Keys);
            var map = MapOf(merged);
            Assert.Equal(merged.Keys, map.Keys.ToArray());
            SecretAssert.SameText(B64("stored-a"), map["a"], "kept a");
            SecretAssert.SameText(B64(NewValue), map["b"], "replaced b");
            SecretAssert.SameText(B64(OtherValue), map["d"], "added d");
            for (int i = 0; i < merged.Keys.Length; i++)
            {
                SecretAssert.SameText(map[merged.Keys[i]], merged.Base64Values[i], "Base64Values[" + i + "]");
            }
        }

        [Fact]
        public void ApplyTo_gives_the_body_an_update_sends()
        {
            var current = Stored(("x", "stored-x"));
            var merged = Patch(E("y", NewValue)).ApplyTo(current);

            var expected = SecretDataEncoder.Encode(new[] { E("x", "stored-x"), E("y", NewValue) }, false);
            SecretAssert.SameBytes(expected.Body, merged.Body, "merged body");
        }

        [Fact]
        public void ApplyTo_removes_each_listed_key_wherever_it_sorts()
        {
            // The removal list is binary-searched: the first, a middle and the last entry must all be found.
            var current = Stored(("A", "1"), ("M", "2"), ("Z", "3"), ("_", "4"), ("a", "5"), ("z", "6"), ("keep", "7"));
            var patch = Patch(E("A", null), E("M", null), E("Z", null), E("_", null), E("a", null), E("z", null));

            var merged = patch.ApplyTo(current);

            Assert.Equal(new[] { "keep" }, merged.Keys);
        }

        [Fact]
        public void ApplyTo_removes_case_sensitively()
        {
            var current = Stored(("Key", "upper"), ("key", "lower"));

            var merged = Patch(E("key", null)).ApplyTo(current);

            Assert.Equal(new[] { "Key" }, merged.Keys);
            SecretAssert.SameText(B64("upper"), MapOf(merged)["Key"], "Key");
        }

        [Fact]
        public void ApplyTo_ignores_removing_a_key_that_is_not_there()
        {
            var current = Stored(("a", "stored-a"));

            var merged = Patch(E("absent", null)).ApplyTo(current);

            Assert.Equal(new[] { "a" }, merged.Keys);
            SecretAssert.SameText(B64("stored-a"), merged.Base64Values[0], "a");
        }

        [Fact]
        public void ApplyTo_an_empty_secret_with_keys_to_set_gives_those_keys()
        {
            var merged = Patch(E("new", NewValue), E("gone", null)).ApplyTo(new Dictionary<string, string>());

            Assert.Equal(new[] { "new" }, merged.Keys);
        }

        [Fact]
        public void ApplyTo_can_remove_one_key_and_add_another()
        {
            var merged = Patch(E("only", null), E("next", NewValue)).ApplyTo(Stored(("only", "stored")));

            Assert.Equal(new[] { "next" }, merged.Keys);
        }

        [Fact]
        public void ApplyTo_leaves_one_key_when_all_others_are_removed()
        {
            var merged = Patch(E("a", null), E("c", null)).ApplyTo(Stored(("a", "1"), ("b", "2"), ("c", "3")));

            Assert.Equal(new[] { "b" }, merged.Keys);
        }

        [Fact]
        public void ApplyTo_removing_every_key_is_SecretDataEmpty()
        {
            var current = Stored(("a", "1"), ("b", "2"));

            var ex = Assert.Throws<SaeInputException>(() => Patch(E("a", null), E("b", null)).ApplyTo(current));

            Assert.Equal(ErrorIds.SecretDataEmpty, ex.ErrorId);
            Assert.Equal("SecretData", ex.ParamName);
            Assert.Contains("Remove-SaeSecret", ex.Message);
        }

        [Fact]
        public void ApplyTo_removing_from_an_empty_secret_is_SecretDataEmpty()
        {
            var ex = Assert.Throws<SaeInputException>(() => Patch(E("a", null)).ApplyTo(new Dictionary<string, string>()));

            Assert.Equal(ErrorIds.SecretDataEmpty, ex.ErrorId);
        }

        [Fact]
        public void ApplyTo_a_stored_key_with_control_characters_is_rejected_without_quoting_them()
        {
            // The stored map is what DescribeSecret answered: server text, to be made inert before it reaches an error.
            var current = new Dictionary<string, string>(StringComparer.Ordinal) { ["odd\u001b]0;title\u0007key"] = B64("stored") };

            var ex = Assert.Throws<SaeInputException>(() => Patch(E("new", NewValue)).ApplyTo(current));

            Assert.Equal(ErrorIds.SecretDataKeyInvalid, ex.ErrorId);
            Assert.DoesNotContain("\u001b", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u0007", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ApplyTo_does_not_change_the_current_map()
        {
            var current = Stored(("a", "1"), ("b", "2"));
            var before = new Dictionary<string, string>(current);

            Patch(E("a", null), E("b", NewValue), E("c", OtherValue)).ApplyTo(current);

            Assert.Equal(before, current);
        }

        // ---- Describe ----

        [Fact]
        public void Describe_names_keys_to_set_and_to_remove()
        {
            Assert.Equal("set: a, b; remove: c, d", Patch(E("b", NewValue), E("d", null), E("a", OtherValue), E("c", null)).Describe());
        }

        [Fact]
        public void Describe_with_only_keys_to_set()
        {
            Assert.Equal("set: a", Patch(E("a", NewValue)).Describe());
        }

        [Fact]
        public void Describe_with_only_keys_to_remove()
        {
            Assert.Equal("remove: x, y", Patch(E("y", null), E("x", null)).Describe());
        }

        [Fact]
        public void Describe_never_shows_a_value()
        {
            var text = Patch(E("password", NewValue), E("old", null)).Describe();

            SecretAssert.DoesNotLeak(text, NewValue, "Describe()");
            SecretAssert.DoesNotLeak(text, B64(NewValue), "Describe()");
        }
    }
}
