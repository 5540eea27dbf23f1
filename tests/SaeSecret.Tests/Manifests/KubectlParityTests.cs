using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SaeSecret.PowerShell.Manifests;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Manifests
{
    /// <summary>
    /// Manifests made by kubectl itself (Data/manifests/regenerate.sh: kubectl create secret generic, docker-registry and
    /// tls --dry-run=client, from literals, an env file and binary files): read as Kubernetes reads them, and written
    /// back byte for byte as kubectl printed them, less the creationTimestamp: null line a client-side dry run adds.
    /// </summary>
    public class KubectlParityTests
    {
        private static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "manifests", name);

        private static string Text(string name) => File.ReadAllText(DataPath(name), new UTF8Encoding(false, true));

        private static List<SecretManifest> ReadFile(string name) => ManifestReaderTests.Read(Text(name)).Secrets;

        /// <summary>What ConvertTo-SaeSecretManifest writes for these secrets.</summary>
        private static string Write(IEnumerable<SecretManifest> secrets) =>
            YamlEngine.Write(secrets.Select(s => ManifestWriter.Document(s.NamespaceId, s.SecretName, s.SecretType,
                s.SecretData.Keys.Cast<string>().Select(k => new KeyValuePair<string, string>(k, Convert.ToBase64String((byte[])s.SecretData[k]))))).ToList());

        private static string WithoutCreationTimestamp(string kubectl) => kubectl.Replace("  creationTimestamp: null\n", string.Empty);

        public static IEnumerable<object[]> YamlFiles() =>
            new[]
            {
                "kubectl-generic-literals.yaml", "kubectl-generic-envfile.yaml", "kubectl-generic-files.yaml", "kubectl-docker-registry.yaml",
                "kubectl-tls.yaml", "kubectl-key-order.yaml", "kubectl-key-quoting.yaml", "kubectl-long-keys.yaml", "kubectl-namespaces.yaml",
            }.Select(f => new object[] { f });

        [Theory]
        [MemberData(nameof(YamlFiles))]
        public void Reading_and_writing_gives_what_kubectl_printed(string file)
        {
            var kubectl = Text(file);

            var written = Write(ReadFile(file));

            SecretAssert.SameText(WithoutCreationTimestamp(kubectl), written, file);
        }

        [Fact]
        public void The_data_is_what_was_given_to_kubectl()
        {
            var literals = Assert.Single(ReadFile("kubectl-generic-literals.yaml"));
            var env = Assert.Single(ReadFile("kubectl-generic-envfile.yaml"));
            var files = Assert.Single(ReadFile("kubectl-generic-files.yaml"));

            Assert.Equal("cn-hangzhou:prod", literals.NamespaceId);
            Assert.Equal("app-literals", literals.SecretName);
            SecretAssert.SameText("p@ss w0rd#1", Encoding.UTF8.GetString((byte[])literals.SecretData["password"]), "password");
            SecretAssert.SameText("密码 ü", Encoding.UTF8.GetString((byte[])literals.SecretData["unicode"]), "unicode");
            SecretAssert.SameText("5432", Encoding.UTF8.GetString((byte[])literals.SecretData["port"]), "port");
            Assert.Empty((byte[])literals.SecretData["empty"]);
            Assert.Equal(new[] { "API_URL", "DB_PASSWORD", "DB_USER" }, env.SecretData.Keys.Cast<string>());
            SecretAssert.SameText("https://api.example.com/v1?x=1", Encoding.UTF8.GetString((byte[])env.SecretData["API_URL"]), "API_URL");
            SecretAssert.SameBytes(File.ReadAllBytes(DataPath("binary.bin")), (byte[])files.SecretData["keystore.p12"], "keystore.p12");
            SecretAssert.SameBytes(File.ReadAllBytes(DataPath("config.json")), (byte[])files.SecretData["config.json"], "config.json");
            Assert.Null(files.NamespaceId);
        }

        [Fact]
        public void Docker_registry_and_tls_secrets_keep_their_types_and_files()
        {
            var registry = Assert.Single(ReadFile("kubectl-docker-registry.yaml"));
            var tls = Assert.Single(ReadFile("kubectl-tls.yaml"));

            Assert.Equal("kubernetes.io/dockerconfigjson", registry.SecretType);
            Assert.Contains("\"registry.cn-hangzhou.aliyuncs.com\"", Encoding.UTF8.GetString((byte[])registry.SecretData[".dockerconfigjson"]));
            Assert.Equal("kubernetes.io/tls", tls.SecretType);
            SecretAssert.SameBytes(File.ReadAllBytes(DataPath("tls.crt")), (byte[])tls.SecretData["tls.crt"], "tls.crt");
            SecretAssert.SameBytes(File.ReadAllBytes(DataPath("tls.key")), (byte[])tls.SecretData["tls.key"], "tls.key");
        }

        [Fact]
        public void Kubectl_without_a_type_means_Opaque()
        {
            Assert.Equal("Opaque", Assert.Single(ReadFile("kubectl-generic-untyped.yaml")).SecretType);
        }

        [Fact]
        public void Kubectl_JSON_reads_as_the_same_Secret()
        {
            var secret = Assert.Single(ReadFile("kubectl-generic.json"));

            Assert.Equal("cn-beijing:test", secret.NamespaceId);
            Assert.Equal(new[] { "keystore.p12", "username" }, secret.SecretData.Keys.Cast<string>());
            SecretAssert.SameBytes(File.ReadAllBytes(DataPath("binary.bin")), (byte[])secret.SecretData["keystore.p12"], "keystore.p12");
        }

        [Fact]
        public void A_List_as_kubectl_get_prints_it_gives_its_Secrets_without_server_fields()
        {
            var outcome = ManifestReaderTests.Read(Text("handmade-get-list.yaml"));

            Assert.Equal(new[] { "db-credentials", "registry-login" }, outcome.Secrets.Select(s => s.SecretName));
            Assert.Equal(new[] { null, "cn-hangzhou:prod" }, outcome.Secrets.Select(s => s.NamespaceId));
            Assert.Single(outcome.Warnings);
            Assert.Contains(outcome.Verbose, v => v.Contains("ConfigMap 'web-settings'", StringComparison.Ordinal));
            Assert.Equal(new[] { "password", "username" }, outcome.Secrets[0].SecretData.Keys.Cast<string>());
        }

        [Fact]
        public void Every_kubectl_file_written_again_reads_back_the_same_bytes()
        {
            foreach (var file in YamlFiles().Select(f => (string)f[0]))
            {
                var first = ReadFile(file);
                var second = ManifestReaderTests.Read(Write(first)).Secrets;

                Assert.Equal(first.Select(s => s.SecretName), second.Select(s => s.SecretName));
                for (int i = 0; i < first.Count; i++)
                {
                    foreach (string key in first[i].SecretData.Keys)
                    {
                        SecretAssert.SameBytes((byte[])first[i].SecretData[key], (byte[])second[i].SecretData[key], file + " " + key);
                    }
                }
            }
        }
    }
}
