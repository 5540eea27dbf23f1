using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SaeSecret.PowerShell.SecretData;
using Xunit;

namespace SaeSecret.Tests.SecretData
{
    /// <summary>The decision of every secret write (create / unchanged / update / type mismatch) and its What-if text.</summary>
    public class SecretWritePlanTests
    {
        private const string Opaque = "Opaque";
        private const string Tls = "kubernetes.io/tls";

        private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

        private static List<KeyValuePair<string, object?>> Entries(params (string Key, object? Value)[] pairs) =>
            pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToList();

        private static DesiredSecretData Replace(params (string Key, object? Value)[] pairs) => DesiredSecretData.From(Entries(pairs), merge: false, base64Encoded: false);

        private static DesiredSecretData Merge(params (string Key, object? Value)[] pairs) => DesiredSecretData.From(Entries(pairs), merge: true, base64Encoded: false);

        private static Dictionary<string, string> Stored(params (string Key, string Text)[] pairs) =>
            pairs.ToDictionary(p => p.Key, p => B64(p.Text), StringComparer.Ordinal);

        private static SecretWritePlan Decide(DesiredSecretData desired, bool present, string? presentType, Dictionary<string, string>? stored,
            string? type = Opaque, bool writeWhenUnchanged = false) =>
            SecretWritePlan.Decide(type, desired, present, presentType, stored, writeWhenUnchanged, "cn-beijing:test", "app-config");

        [Fact]
        public void No_secret_of_that_name_is_a_create_of_the_whole_map()
        {
            var plan = Decide(Replace(("a", "1"), ("b", "2")), present: false, null, null);

            Assert.Equal(SecretWriteKind.Create, plan.Kind);
            Assert.Equal(new[] { "a", "b" }, plan.Data!.Keys);
            Assert.True(plan.Changes);
            Assert.Equal("Create the secret as Opaque (add: a, b)", plan.WhatIf(Opaque));
        }

        [Fact]
        public void A_merge_into_no_secret_creates_the_keys_it_sets()
        {
            var plan = Decide(Merge(("a", "1"), ("gone", null)), present: false, null, null);

            Assert.Equal(SecretWriteKind.Create, plan.Kind);
            Assert.Equal(new[] { "a" }, plan.Data!.Keys);
        }

        [Fact]
        public void A_merge_that_only_removes_has_nothing_to_create()
        {
            var ex = Assert.Throws<SaeInputException>(() => Decide(Merge(("gone", null)), present: false, null, null));

            Assert.Equal(ErrorIds.SecretDataEmpty, ex.ErrorId);
            Assert.Contains("'app-config' in cn-beijing:test", ex.Message);
        }

        [Fact]
        public void A_present_secret_of_another_type_is_a_type_mismatch_before_its_data_is_looked_at()
        {
            var plan = Decide(Replace(("a", "1")), present: true, presentType: Tls, stored: null);

            Assert.Equal(SecretWriteKind.TypeMismatch, plan.Kind);
            Assert.Null(plan.Data);
            Assert.False(plan.Changes);
            var ex = plan.TypeMismatchError("cn-beijing:test", "app-config", Opaque);
            Assert.Equal(ErrorIds.SecretTypeMismatch, ex.ErrorId);
            Assert.Contains("is of type kubernetes.io/tls, not Opaque", ex.Message);
            Assert.Contains("-SecretType kubernetes.io/tls", ex.Message);
        }

        [Fact]
        public void The_same_data_is_unchanged_and_nothing_is_sent()
        {
            var plan = Decide(Replace(("a", "1"), ("b", "2")), present: true, Opaque, Stored(("a", "1"), ("b", "2")));

            Assert.Equal(SecretWriteKind.Unchanged, plan.Kind);
            Assert.Null(plan.Data);
            Assert.False(plan.Changes);
            Assert.Equal(2, plan.Diff!.Unchanged);
        }

        [Fact]
        public void Update_SaeSecret_writes_even_when_nothing_differs_but_it_is_not_a_change()
        {
            var plan = Decide(Replace(("a", "1")), present: true, null, Stored(("a", "1")), type: null, writeWhenUnchanged: true);

            Assert.Equal(SecretWriteKind.Update, plan.Kind);
            Assert.NotNull(plan.Data);
            Assert.False(plan.Changes);
            Assert.Equal("Update the secret's data (unchanged: 1)", plan.WhatIf(null));
        }

        [Fact]
        public void Different_data_is_an_update_of_the_whole_map_with_a_key_by_key_text()
        {
            var plan = Decide(Replace(("a", "new"), ("c", "3")), present: true, Opaque, Stored(("a", "old"), ("b", "2")));

            Assert.Equal(SecretWriteKind.Update, plan.Kind);
            Assert.Equal(new[] { "a", "c" }, plan.Data!.Keys);
            Assert.True(plan.Changes);
            Assert.Equal("Update the secret's data (add: c; change: a; remove: b)", plan.WhatIf(Opaque));
        }

        [Fact]
        public void A_merge_overlays_the_stored_data()
        {
            var plan = Decide(Merge(("a", "new"), ("b", null)), present: true, Opaque, Stored(("a", "old"), ("b", "2"), ("keep", "k")));

            Assert.Equal(SecretWriteKind.Update, plan.Kind);
            Assert.Equal(new[] { "a", "keep" }, plan.Data!.Keys);
            Assert.Equal("Update the secret's data (change: a; remove: b; unchanged: 1)", plan.WhatIf(Opaque));
        }

        [Fact]
        public void A_replace_without_the_stored_data_is_an_update_assumed_to_change()
        {
            var plan = Decide(Replace(("a", "1"), ("b", "2")), present: true, null, null, type: null, writeWhenUnchanged: true);

            Assert.Equal(SecretWriteKind.Update, plan.Kind);
            Assert.Null(plan.Diff);
            Assert.True(plan.Changes);
            Assert.Equal("Replace the secret's data with keys: a, b", plan.WhatIf(null));
            Assert.Equal("Replace the secret's data with keys: a, b (the current data could not be read: Forbidden.RAM)", plan.WhatIf(null, "Forbidden.RAM"));
        }

        [Fact]
        public void A_merge_needs_the_stored_data()
        {
            Assert.Throws<InvalidOperationException>(() => Decide(Merge(("a", "1")), present: true, Opaque, null));
        }

        [Fact]
        public void The_keys_a_type_requires_are_checked_for_create_and_update()
        {
            var create = Assert.Throws<SaeInputException>(() => Decide(Replace(("tls.crt", "c")), present: false, null, null, type: Tls));
            var update = Assert.Throws<SaeInputException>(() => Decide(Merge(("tls.key", null)), present: true, Tls, Stored(("tls.crt", "c"), ("tls.key", "k")), type: Tls));

            Assert.Equal(ErrorIds.SecretDataRequiredKeyMissing, create.ErrorId);
            Assert.Equal(ErrorIds.SecretDataRequiredKeyMissing, update.ErrorId);
        }

        [Fact]
        public void No_type_checks_nothing_about_the_type()
        {
            var plan = Decide(Replace(("a", "1")), present: true, presentType: Tls, Stored(("a", "0")), type: null, writeWhenUnchanged: true);

            Assert.Equal(SecretWriteKind.Update, plan.Kind);
        }

        [Fact]
        public void The_text_never_holds_a_value()
        {
            var plan = Decide(Replace(("a", "Value-Plan-81")), present: true, Opaque, Stored(("a", "Value-Plan-82")));

            Assert.DoesNotContain("Value-Plan", plan.WhatIf(Opaque));
            Assert.DoesNotContain(B64("Value-Plan-81"), plan.WhatIf(Opaque));
        }

        [Fact]
        public void The_key_list_is_the_ordinal_key_names()
        {
            Assert.Equal("keys: B, a", SecretWritePlan.KeyList(Replace(("a", "1"), ("B", "2")).Replacement!));
        }
    }
}
