using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestText;

namespace SaeSecret.Tests.SecretData
{
    public class SecretDataDiffTests
    {
        private static EncodedSecretData Desired(params (string Key, string Value)[] pairs) => TestSecretData.Plain(pairs);

        [Fact]
        public void Groups_keys_in_the_order_add_change_remove_unchanged()
        {
            var current = new System.Collections.Generic.Dictionary<string, string> { ["c"] = B64("old"), ["d"] = B64("gone"), ["e"] = B64("same"), ["f"] = B64("same2") };
            var diff = SecretDataDiff.Between(current, Desired(("b", "new"), ("a", "new"), ("c", "changed"), ("e", "same"), ("f", "same2")));

            Assert.Equal("add: a, b; change: c; remove: d; unchanged: 2", diff.ToString());
            Assert.True(diff.HasChanges);
        }

        [Fact]
        public void Empty_groups_are_left_out()
        {
            var current = new System.Collections.Generic.Dictionary<string, string> { ["a"] = B64("1") };
            Assert.Equal("unchanged: 1", SecretDataDiff.Between(current, Desired(("a", "1"))).ToString());
            Assert.False(SecretDataDiff.Between(current, Desired(("a", "1"))).HasChanges);
            Assert.Equal("change: a", SecretDataDiff.Between(current, Desired(("a", "2"))).ToString());
            Assert.Equal("add: b; remove: a", SecretDataDiff.Between(current, Desired(("b", "1"))).ToString());
            Assert.Equal("add: x, y", SecretDataDiff.Creating(Desired(("y", "1"), ("x", "2"))).ToString());
        }

        [Fact]
        public void Stored_base64_is_compared_by_its_bytes()
        {
            var current = new System.Collections.Generic.Dictionary<string, string> { ["a"] = "dg==", ["b"] = "not base64!" };
            var diff = SecretDataDiff.Between(current, SecretDataEncoder.Encode(new[]
            {
                new System.Collections.Generic.KeyValuePair<string, object>("a", "dg=="),
                new System.Collections.Generic.KeyValuePair<string, object>("b", "dg=="),
            }, true));

            Assert.Equal("change: b; unchanged: 1", diff.ToString());
            Assert.True(SecretDataDiff.SameBytes("dg==", "dg=="));
            Assert.False(SecretDataDiff.SameBytes("dg==", "dw=="));
        }

        [Fact]
        public void Removed_keys_are_listed_in_ordinal_order()
        {
            var current = new System.Collections.Generic.Dictionary<string, string>
            {
                ["a"] = B64("1"), ["B"] = B64("2"), ["c"] = B64("3"), ["keep"] = B64("4"),
            };

            var diff = SecretDataDiff.Between(current, Desired(("keep", "4")));

            Assert.Equal(new[] { "B", "a", "c" }, diff.Remove);
            Assert.Equal("remove: B, a, c; unchanged: 1", diff.ToString());
        }

        [Theory]
        [InlineData("dg", true)]
        [InlineData("d g=\n=", true)]
        [InlineData("dgA", false)]
        [InlineData("dgAAA", false)]
        [InlineData("dgAAA===", false)]
        [InlineData("d", false)]
        [InlineData("d*==", false)]
        public void Stored_base64_without_padding_or_with_white_space_still_compares(string stored, bool same)
        {
            Assert.Equal(same, SecretDataDiff.SameBytes(stored, "dg=="));
        }
    }
}
