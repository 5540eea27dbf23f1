using System;
using System.IO;
using System.Reflection;
using System.Text;
using SaeSecret.PowerShell.Manifests;
using Xunit;

namespace SaeSecret.Tests.Manifests
{
    /// <summary>Manifest files in (size, encodings) and out (owner-only, never through what is at the path), and the loader's rules.</summary>
    public sealed class ManifestFilesTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "saesecret-manifest-files-" + Guid.NewGuid().ToString("N"));

        public ManifestFilesTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => Directory.Delete(_folder, true);

        private string PathOf(string name) => Path.Combine(_folder, name);

        [Fact]
        public void Reads_UTF8_with_and_without_a_byte_order_mark_and_UTF16_with_one()
        {
            const string text = "kind: Secret # ü 密\n";
            File.WriteAllBytes(PathOf("plain.yaml"), Encoding.UTF8.GetBytes(text));
            File.WriteAllText(PathOf("bom.yaml"), text, new UTF8Encoding(true));
            File.WriteAllText(PathOf("le.yaml"), text, new UnicodeEncoding(false, true));
            File.WriteAllText(PathOf("be.yaml"), text, new UnicodeEncoding(true, true));

            foreach (var name in new[] { "plain.yaml", "bom.yaml", "le.yaml", "be.yaml" })
            {
                Assert.Equal(text, ManifestText.ReadFile(PathOf(name), "'" + name + "'"));
            }
        }

        [Fact]
        public void Refuses_text_that_is_not_UTF8()
        {
            File.WriteAllBytes(PathOf("latin1.yaml"), new byte[] { 0x6B, 0x3A, 0x20, 0xE9, 0x0A });

            var ex = Assert.Throws<SaeInputException>(() => ManifestText.ReadFile(PathOf("latin1.yaml"), "'latin1.yaml'"));

            Assert.Equal(ErrorIds.ManifestYamlInvalid, ex.ErrorId);
            Assert.StartsWith("'latin1.yaml' is not text", ex.Message);
        }

        [Fact]
        public void Refuses_a_file_over_4_MiB_from_its_length_and_reads_one_of_exactly_4_MiB()
        {
            using (var stream = File.Create(PathOf("big.yaml"))) stream.SetLength(ManifestText.MaxBytes + 1L);
            File.WriteAllBytes(PathOf("limit.yaml"), CommentOf(ManifestText.MaxBytes));

            var ex = Assert.Throws<SaeInputException>(() => ManifestText.ReadFile(PathOf("big.yaml"), "'big.yaml'"));

            Assert.Equal(ErrorIds.ManifestTooLarge, ex.ErrorId);
            Assert.StartsWith("'big.yaml' is 4,194,305 bytes; a manifest may have at most 4,194,304 (4 MiB).", ex.Message);
            Assert.Equal(ManifestText.MaxBytes, ManifestText.ReadFile(PathOf("limit.yaml"), "'limit.yaml'").Length);
        }

        private static byte[] CommentOf(int length)
        {
            var bytes = new byte[length];
            for (int i = 0; i < length; i++) bytes[i] = (byte)'#';
            return bytes;
        }

        [Fact]
        public void A_missing_file_and_a_folder_are_ManifestFileNotFound()
        {
            Assert.Equal(ErrorIds.ManifestFileNotFound, Assert.Throws<SaeInputException>(() => ManifestText.ReadFile(PathOf("none.yaml"), "'none.yaml'")).ErrorId);
            var folder = Assert.Throws<SaeInputException>(() => ManifestText.ReadFile(_folder, "'k8s'"));
            Assert.Equal(ErrorIds.ManifestFileNotFound, folder.ErrorId);
            Assert.StartsWith("'k8s' is a folder, not a manifest file", folder.Message);
        }

        [Fact]
        public void Writes_a_new_file_readable_by_its_owner_only()
        {
            var path = PathOf("backup.yaml");

            PrivateFile.Write(path, Encoding.UTF8.GetBytes("a: b\n"), false);

            Assert.Equal("a: b\n", File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }

        [Fact]
        public void Never_writes_over_an_existing_file_unless_told_to_replace_it()
        {
            var path = PathOf("backup.yaml");
            File.WriteAllText(path, "keep");

            Assert.Throws<IOException>(() => PrivateFile.Write(path, Encoding.UTF8.GetBytes("new"), false));
            Assert.Equal("keep", File.ReadAllText(path));

            PrivateFile.Write(path, Encoding.UTF8.GetBytes("new"), true);
            Assert.Equal("new", File.ReadAllText(path));
        }

        [Fact]
        public void Never_writes_through_a_link_planted_at_the_path()
        {
            if (OperatingSystem.IsWindows()) return;
            var target = PathOf("elsewhere.txt");
            File.WriteAllText(target, "not yours");
            var link = PathOf("backup.yaml");
            File.CreateSymbolicLink(link, target);

            Assert.Throws<IOException>(() => PrivateFile.Write(link, Encoding.UTF8.GetBytes("secret"), false));
            Assert.Equal("not yours", File.ReadAllText(target));
        }

        [Fact]
        public void The_NET_Framework_resolver_answers_only_for_the_engine_and_its_own_YamlDotNet_version()
        {
            var engine = typeof(SaeSecret.Yaml.YamlReader).Assembly;
            var yamlDotNet = typeof(YamlDotNet.Core.Parser).Assembly;
            File.Copy(engine.Location, PathOf("SaeSecret.Yaml.dll"));
            File.Copy(yamlDotNet.Location, PathOf("YamlDotNet.dll"));
            var ours = yamlDotNet.GetName();
            var older = new AssemblyName(ours.FullName) { Version = new Version(11, 0, 0, 0) };

            Assert.Equal(PathOf("SaeSecret.Yaml.dll"), FrameworkResolver.PathFor(_folder, engine.FullName));
            Assert.Equal(PathOf("YamlDotNet.dll"), FrameworkResolver.PathFor(_folder, ours.FullName));
            Assert.Equal(PathOf("YamlDotNet.dll"), FrameworkResolver.PathFor(_folder, "YamlDotNet"));
            Assert.Null(FrameworkResolver.PathFor(_folder, older.FullName));
            Assert.Null(FrameworkResolver.PathFor(_folder, "Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed"));
            Assert.Null(FrameworkResolver.PathFor(Path.Combine(_folder, "missing"), engine.FullName));
        }

        [Fact]
        public void Without_a_Dependencies_folder_the_engine_is_found_as_usual()
        {
            YamlEngineLoader.EnsureReady();

            Assert.Equal("default probing", YamlEngineLoader.Mode);
            Assert.Single(YamlEngine.Read("a: b", "'x'", "Path"));
        }
    }
}
