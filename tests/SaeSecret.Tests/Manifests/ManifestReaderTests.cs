using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SaeSecret.PowerShell.Manifests;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Manifests
{
    /// <summary>Kubernetes' rules for Secret manifests, and every error ConvertFrom-SaeSecretManifest stops with.</summary>
    public class ManifestReaderTests
    {
        internal const string Label = "'k8s/app.yaml'";

        internal sealed class Outcome
        {
            public List<SecretManifest> Secrets { get; } = new List<SecretManifest>();
            public List<string> Verbose { get; } = new List<string>();
            public List<string> Warnings { get; } = new List<string>();
        }

        internal static Outcome Read(string yaml, string namespaceId = null)
        {
            var outcome = new Outcome();
            var reader = new ManifestReader(namespaceId, outcome.Verbose.Add, outcome.Warnings.Add);
            reader.Read(YamlEngine.Read(yaml, Label, "Path"), Label, "Path");
            outcome.Secrets.AddRange(reader.Secrets);
            return outcome;
        }

        private static SecretManifest ReadOne(string yaml, string namespaceId = null) => Assert.Single(Read(yaml, namespaceId).Secrets);

        private static SaeInputException Fails(string yaml, string errorId)
        {
            var ex = Assert.Throws<SaeInputException>(() => Read(yaml));
            Assert.Equal(errorId, ex.ErrorId);
            return ex;
        }

        private static string Secret(string body, string name = "app", string extra = "") =>
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n" + extra + body;

        private static byte[] Bytes(SecretManifest secret, string key) => Assert.IsType<byte[]>(secret.SecretData[key]);

        private static string Utf8(SecretManifest secret, string key) => Encoding.UTF8.GetString(Bytes(secret, key));

        // ---- data and stringData ----

        [Fact]
        public void Data_values_are_base64_kept_byte_for_byte()
        {
            var bytes = new byte[] { 0x00, 0xFF, 0xFE, 0xD7, 0x6D, 0xF8, 0x0A, 0x80 };
            var secret = ReadOne(Secret("data:\n  bin: " + Convert.ToBase64String(bytes) + "\n  text: cEBzcw==\n  empty: \"\"\n"));

            SecretAssert.SameBytes(bytes, Bytes(secret, "bin"), "bin");
            SecretAssert.SameText("p@ss", Utf8(secret, "text"), "text");
            Assert.Empty(Bytes(secret, "empty"));
        }

        [Fact]
        public void Base64_broken_over_lines_is_read_as_Kubernetes_reads_it()
        {
            var secret = ReadOne(Secret("data:\n  pem: |\n    cEBz\n    cw==\n"));

            SecretAssert.SameText("p@ss", Utf8(secret, "pem"), "pem");
        }

        [Fact]
        public void StringData_values_are_plain_text_stored_as_UTF8()
        {
            var secret = ReadOne(Secret("stringData:\n  password: \"p@ss wörd 密码\"\n  pem: |\n    line one\n    line two\n"));

            SecretAssert.SameBytes(Encoding.UTF8.GetBytes("p@ss wörd 密码"), Bytes(secret, "password"), "password");
            SecretAssert.SameText("line one\nline two\n", Utf8(secret, "pem"), "pem");
        }

        [Fact]
        public void StringData_wins_over_data_for_the_same_key()
        {
            var secret = ReadOne(Secret("data:\n  password: ZnJvbS1kYXRh\n  other: b3RoZXI=\nstringData:\n  password: from-stringData\n"));

            SecretAssert.SameText("from-stringData", Utf8(secret, "password"), "password");
            SecretAssert.SameText("other", Utf8(secret, "other"), "other");
            Assert.Equal(new[] { "other", "password" }, secret.SecretData.Keys.Cast<string>());
        }

        [Theory]
        [InlineData("5432", "5432")]
        [InlineData("true", "true")]
        [InlineData("1.10", "1.10")]
        [InlineData("0x1F", "0x1F")]
        [InlineData("yes", "yes")]
        [InlineData("'007'", "007")]
        public void Unquoted_numbers_and_booleans_in_stringData_keep_their_literal_text(string written, string stored)
        {
            var secret = ReadOne(Secret("stringData:\n  v: " + written + "\n"));

            SecretAssert.SameText(stored, Utf8(secret, "v"), "v");
        }

        [Fact]
        public void An_unquoted_data_value_that_looks_like_a_number_is_still_base64()
        {
            // kubectl quotes it ("1234"); written without quotes it is the same base64 text.
            var secret = ReadOne(Secret("data:\n  bin: 1234\n"));

            SecretAssert.SameBytes(new byte[] { 0xD7, 0x6D, 0xF8 }, Bytes(secret, "bin"), "bin");
        }

        [Fact]
        public void JSON_manifests_follow_the_same_rules()
        {
            var secret = ReadOne("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"app\"},\"data\":{\"a\":\"Yg==\"},\"stringData\":{\"port\":5432,\"on\":true}}");

            Assert.Equal(new[] { "a", "on", "port" }, secret.SecretData.Keys.Cast<string>());
            SecretAssert.SameText("5432", Utf8(secret, "port"), "port");
            SecretAssert.SameText("true", Utf8(secret, "on"), "on");
        }

        // ---- type, name, namespace ----

        [Fact]
        public void A_missing_or_null_type_is_Opaque()
        {
            Assert.Equal("Opaque", ReadOne(Secret("data:\n  a: Yg==\n")).SecretType);
            Assert.Equal("Opaque", ReadOne(Secret("type:\ndata:\n  a: Yg==\n")).SecretType);
        }

        [Theory]
        [InlineData("Opaque", "data:\n  a: Yg==\n")]
        [InlineData("kubernetes.io/dockerconfigjson", "data:\n  .dockerconfigjson: e30=\n")]
        [InlineData("kubernetes.io/tls", "data:\n  tls.crt: Yw==\n  tls.key: aw==\n")]
        public void The_three_SAE_types_are_read(string type, string data)
        {
            Assert.Equal(type, ReadOne(Secret("type: " + type + "\n" + data)).SecretType);
        }

        [Theory]
        [InlineData("kubernetes.io/service-account-token")]
        [InlineData("kubernetes.io/basic-auth")]
        [InlineData("bootstrap.kubernetes.io/token")]
        [InlineData("tls")]
        [InlineData("opaque")]
        public void Other_types_are_refused(string type)
        {
            var ex = Fails(Secret("type: " + type + "\ndata:\n  a: Yg==\n"), ErrorIds.SecretTypeInvalid);

            Assert.StartsWith(Label + ", document 1, Secret 'app': type '" + type + "'", ex.Message);
        }

        [Fact]
        public void A_type_without_its_required_keys_is_refused()
        {
            var ex = Fails(Secret("type: kubernetes.io/tls\ndata:\n  tls.crt: Yw==\n"), ErrorIds.SecretDataRequiredKeyMissing);

            Assert.Contains("tls.key", ex.Message);
        }

        [Fact]
        public void Metadata_namespace_is_used_where_it_is_an_SAE_NamespaceId()
        {
            var outcome = Read(
                Secret("data:\n  a: Yg==\n", "one", "  namespace: cn-hangzhou:prod\n") + "---\n" +
                Secret("data:\n  a: Yg==\n", "two", "  namespace: cn-beijing\n") + "---\n" +
                Secret("data:\n  a: Yg==\n", "three", "  namespace: default\n") + "---\n" +
                Secret("data:\n  a: Yg==\n", "four"));

            Assert.Equal(new[] { "cn-hangzhou:prod", "cn-beijing", null, null }, outcome.Secrets.Select(s => s.NamespaceId));
            Assert.Contains(outcome.Verbose, v => v.Contains("metadata.namespace 'default' is not an SAE NamespaceId", StringComparison.Ordinal));
        }

        [Fact]
        public void The_NamespaceId_parameter_wins_over_metadata_namespace()
        {
            var secret = ReadOne(Secret("data:\n  a: Yg==\n", "app", "  namespace: cn-hangzhou:prod\n"), "cn-beijing:test");

            Assert.Equal("cn-beijing:test", secret.NamespaceId);
        }

        [Theory]
        [InlineData("my.secret")]
        [InlineData("1secret")]
        [InlineData("a b")]
        public void A_name_SAE_does_not_take_is_refused(string name)
        {
            var ex = Fails(Secret("data:\n  a: Yg==\n", "'" + name + "'"), ErrorIds.SecretNameInvalid);

            Assert.StartsWith(Label + ", document 1, Secret '" + name + "': SecretName", ex.Message);
            // The rule's own message is taken without its " (Parameter 'SecretName')": only this error's own one remains.
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(ex.Message, @"\(Parameter "));
        }

        [Theory]
        [InlineData("apiVersion: v1\nkind: Secret\ndata:\n  a: Yg==\n")]
        [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  namespace: x\ndata:\n  a: Yg==\n")]
        [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ''\ndata:\n  a: Yg==\n")]
        public void A_Secret_without_a_name_is_refused_naming_the_document(string yaml)
        {
            var ex = Fails("kind: ConfigMap\napiVersion: v1\n---\n" + yaml, ErrorIds.ManifestInvalid);

            Assert.StartsWith(Label + ", document 2 is a Secret without metadata.name", ex.Message);
        }

        // ---- keys and values ----

        [Theory]
        [InlineData("'a b'")]
        [InlineData("a/b")]
        [InlineData("'..x'")]
        [InlineData("é")]
        [InlineData("'a:b'")]
        public void An_invalid_key_is_refused(string key)
        {
            var ex = Fails(Secret("data:\n  " + key + ": Yg==\n"), ErrorIds.SecretDataKeyInvalid);

            Assert.StartsWith(Label + ", document 1, Secret 'app', data: SecretData key", ex.Message);
        }

        [Fact]
        public void An_empty_key_is_refused()
        {
            Fails(Secret("stringData:\n  '': v\n"), ErrorIds.SecretDataKeyEmpty);
        }

        [Theory]
        [InlineData("not base64!")]
        [InlineData("YWJj ZGVm")]
        [InlineData("YWJ")]
        [InlineData("YW=j")]
        [InlineData("YWJj-_==")]
        public void A_data_value_that_is_not_base64_is_refused_without_showing_it(string value)
        {
            var ex = Fails(Secret("data:\n  good: Yg==\n  password: '" + value + "'\n"), ErrorIds.SecretDataValueNotBase64);

            Assert.StartsWith(Label + ", document 1, Secret 'app': data key 'password' is not base64", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, value, "the base64 error");
        }

        [Theory]
        [InlineData("data:\n  a:\n")]
        [InlineData("stringData:\n  a: ~\n")]
        public void A_key_without_a_value_is_refused(string body)
        {
            var ex = Fails(Secret(body), ErrorIds.SecretDataValueNull);

            Assert.Contains("key 'a' has no value", ex.Message);
        }

        [Theory]
        [InlineData("stringData:\n  a: [TopSecret-1, TopSecret-2]\n")]
        [InlineData("data:\n  a: {k: TopSecret-1}\n")]
        public void A_value_that_is_not_a_single_text_is_refused(string body)
        {
            var ex = Fails(Secret(body), ErrorIds.ManifestInvalid);

            SecretAssert.DoesNotLeak(ex.Message, "TopSecret", "the shape error");
        }

        [Theory]
        [InlineData("")]
        [InlineData("data:\n")]
        [InlineData("data: {}\nstringData: {}\n")]
        public void A_Secret_without_data_is_refused(string body)
        {
            var ex = Fails(Secret(body), ErrorIds.SecretDataEmpty);

            Assert.StartsWith(Label + ", document 1, Secret 'app' has no data", ex.Message);
        }

        [Fact]
        public void A_data_field_that_is_not_a_mapping_is_refused()
        {
            Fails(Secret("data: [a, b]\n"), ErrorIds.ManifestInvalid);
            Fails(Secret("data: text\n"), ErrorIds.ManifestInvalid);
        }

        // ---- documents and kinds ----

        [Fact]
        public void Other_kinds_and_empty_documents_are_skipped_with_a_Verbose_line()
        {
            var outcome = Read("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\n---\n" + Secret("data:\n  a: Yg==\n"));

            Assert.Single(outcome.Secrets);
            Assert.Equal(Label + ", document 3", outcome.Secrets[0].Source);
            Assert.Contains(Label + ", document 1 is a Deployment 'web', not a Secret: skipped.", outcome.Verbose);
            Assert.Contains(Label + ", document 2 is empty: skipped.", outcome.Verbose);
        }

        [Fact]
        public void A_kind_List_is_read_item_by_item_and_a_SecretList_needs_no_kind_per_item()
        {
            var list = Read("apiVersion: v1\nkind: List\nitems:\n- " + Secret("data:\n  a: Yg==\n", "one").Replace("\n", "\n  ").TrimEnd() +
                "\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n");
            var secretList = Read("apiVersion: v1\nkind: SecretList\nitems:\n- metadata:\n    name: two\n  data:\n    a: Yg==\n");

            Assert.Equal("one", Assert.Single(list.Secrets).SecretName);
            Assert.Equal(Label + ", document 1, item 1", list.Secrets[0].Source);
            Assert.Contains(Label + ", document 1, item 2 is a ConfigMap 'cm', not a Secret: skipped.", list.Verbose);
            Assert.Equal("two", Assert.Single(secretList.Secrets).SecretName);
        }

        [Fact]
        public void Errors_inside_a_List_name_the_item()
        {
            var ex = Fails("apiVersion: v1\nkind: List\nitems:\n- kind: Secret\n  apiVersion: v1\n  metadata: {name: bad}\n  data: {a: '%%%%'}\n", ErrorIds.SecretDataValueNotBase64);

            Assert.StartsWith(Label + ", document 1, item 1, Secret 'bad': data key 'a'", ex.Message);
        }

        [Theory]
        [InlineData("just text\n", "is not a Kubernetes object")]
        [InlineData("- a\n- b\n", "is not a Kubernetes object")]
        [InlineData("apiVersion: v1\nmetadata:\n  name: x\n", "has no kind")]
        [InlineData("apiVersion: v2\nkind: Secret\nmetadata:\n  name: x\ndata:\n  a: Yg==\n", "apiVersion 'v2'")]
        [InlineData("kind: Secret\nmetadata:\n  name: x\ndata:\n  a: Yg==\n", "without apiVersion")]
        [InlineData("apiVersion: v1\nkind: Secret\nmetadata: x\n", "metadata is a text, not a mapping")]
        [InlineData("apiVersion: v1\nkind: List\nitems:\n- kind: List\n", "lists do not nest")]
        [InlineData("apiVersion: v1\nkind: List\nitems: x\n", "items is not a sequence")]
        [InlineData("apiVersion: v1\nkind: [Secret]\n", "kind is a sequence")]
        public void Documents_that_are_not_Kubernetes_objects_are_refused(string yaml, string says)
        {
            var ex = Fails(yaml, ErrorIds.ManifestInvalid);

            Assert.Contains(says, ex.Message);
            Assert.StartsWith(Label + ", document 1", ex.Message);
        }

        [Fact]
        public void The_same_Secret_twice_is_refused_naming_both_places()
        {
            var ex = Fails(Secret("data:\n  a: Yg==\n") + "---\n" + Secret("data:\n  a: Yw==\n"), ErrorIds.ManifestSecretDuplicate);

            Assert.StartsWith(Label + ", document 2, Secret 'app' is there twice: also at " + Label + ", document 1, Secret 'app'", ex.Message);
        }

        [Fact]
        public void The_same_name_in_two_SAE_namespaces_is_two_Secrets()
        {
            var outcome = Read(Secret("data:\n  a: Yg==\n", "app", "  namespace: cn-hangzhou:prod\n") + "---\n" +
                Secret("data:\n  a: Yg==\n", "app", "  namespace: cn-shanghai:prod\n"));

            Assert.Equal(2, outcome.Secrets.Count);
        }

        [Fact]
        public void Invalid_YAML_stops_with_the_document_number()
        {
            var ex = Fails(Secret("data:\n  a: Yg==\n") + "---\n" + "kind: Secret\ndata:\n  password: \"TopSecret-unterminated\n", ErrorIds.ManifestYamlInvalid);

            Assert.StartsWith(Label + ", document 2: Not valid YAML at line", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, "TopSecret", "the YAML error");
        }

        [Fact]
        public void A_billion_laughs_stops_with_ManifestTooLarge()
        {
            var ex = Fails(YamlReaderTests.BillionLaughs(), ErrorIds.ManifestTooLarge);

            Assert.StartsWith(Label + ", document 1: Its aliases expand the text beyond 4,194,304", ex.Message);
        }

        // ---- what is never used ----

        [Fact]
        public void Immutable_is_ignored_with_a_warning()
        {
            var outcome = Read(Secret("immutable: true\ndata:\n  a: Yg==\n"));

            Assert.Single(outcome.Secrets);
            Assert.Equal(new[] { Label + ", document 1, Secret 'app': immutable does not exist in SAE; it is ignored." }, outcome.Warnings);
        }

        [Fact]
        public void Annotations_labels_and_server_fields_are_never_kept()
        {
            var secret = ReadOne(Secret("data:\n  a: Yg==\n", "app",
                "  uid: 1\n  resourceVersion: '2'\n  creationTimestamp: null\n  labels: {app: web}\n  annotations:\n" +
                "    kubectl.kubernetes.io/last-applied-configuration: '{\"stringData\":{\"a\":\"TopSecret-in-annotation\"}}'\n"));

            var everything = string.Join("\n", typeof(SecretManifest).GetProperties().Select(p => p.Name + "=" + p.GetValue(secret)));
            Assert.Equal(new[] { "a" }, secret.SecretData.Keys.Cast<string>());
            SecretAssert.DoesNotLeak(everything, "TopSecret", "the SecretManifest");
            SecretAssert.DoesNotLeak(everything, "last-applied", "the SecretManifest");
        }

        [Fact]
        public void The_result_is_read_only_and_says_only_names()
        {
            var secret = ReadOne(Secret("stringData:\n  password: TopSecret-value\n", "app", "  namespace: cn-beijing:test\n"));

            Assert.True(secret.SecretData.IsReadOnly);
            Assert.Throws<NotSupportedException>(() => secret.SecretData["x"] = new byte[0]);
            Assert.Equal("cn-beijing:test/app (Opaque, 1 keys)", secret.ToString());
            Assert.All(typeof(SecretManifest).GetProperties(), p => Assert.Null(p.SetMethod));
        }
    }
}
