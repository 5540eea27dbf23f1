using System;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Credentials
{
    /// <summary>Parsing config.json and the INI credentials file, and picking a profile from them.</summary>
    [Collection("Environment")]
    public class ProfileFileTests : IDisposable
    {
        private const string KeyId = "FileKeyId-0123";
        private const string KeySecret = "FileKeySecret-Distinct-77";
        private readonly TempDirectory _dir = new TempDirectory();

        public ProfileFileTests() => TemporaryCredentialCache.Clear();

        public void Dispose()
        {
            _dir.Dispose();
            TemporaryCredentialCache.Clear();
        }

        [Fact]
        public void Ini_sections_keys_comments_and_quotes()
        {
            var path = _dir.Write("credentials", "# top comment\n; other comment\n\n[default]\n type = access_key \nACCESS_KEY_ID=\"quoted id\"\n[prod]\nkey = a=b\n");

            var ini = IniFile.Load(path);

            Assert.Equal("access_key", ini.Section("default")["type"]);
            Assert.Equal("quoted id", ini.Section("default")["access_key_id"]);
            Assert.Equal("a=b", ini.Section("prod")["key"]);
            Assert.Null(ini.Section("missing"));
        }

        [Theory]
        [InlineData("[default]\ntype = access_key\n" + KeySecret + "\n", 3)]
        [InlineData("access_key_secret = " + KeySecret + "\n[default]\n", 1)]
        [InlineData("[default]\n[]\n", 2)]
        [InlineData("[default]\n= " + KeySecret + "\n", 2)]
        public void A_malformed_ini_line_is_named_by_file_and_number_without_its_text(string content, int line)
        {
            var path = _dir.Write("credentials", content);

            var ex = Assert.Throws<CredentialsException>(() => IniFile.Load(path));

            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
            Assert.Contains("'" + path + "' line " + line + " ", ex.Message);
            SecretAssert.DoesNotLeak(ex.ToString(), KeySecret, "the error");
        }

        [Theory]
        [InlineData("{\"profiles\": [ {\"name\": \"default\", \"access_key_secret\": \"" + KeySecret + "\" ")]
        [InlineData("{\"profiles\": [], } trailing " + KeySecret)]
        [InlineData("[\"" + KeySecret + "\"]")]
        [InlineData("{\"profiles\": {\"name\": \"" + KeySecret + "\"}}")]
        public void A_malformed_cli_config_names_the_file_without_its_content(string content)
        {
            var path = _dir.Write("config.json", content);

            var ex = Assert.Throws<CredentialsException>(() => AliyunCliConfig.Load(path));

            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
            Assert.Contains("'" + path + "'", ex.Message);
            SecretAssert.DoesNotLeak(ex.ToString(), KeySecret, "the error");
        }

        [Fact]
        public async Task Cli_profile_ak_is_read_with_its_source_name()
        {
            var path = _dir.Write("config.json", "{\"current\":\"prod\",\"profiles\":[{\"name\":\"prod\",\"mode\":\"AK\",\"access_key_id\":\"" + KeyId + "\",\"access_key_secret\":\"" + KeySecret + "\"}]}");
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_CONFIG_FILE", path))
            {
                var lookup = await new AliyunCliProfileProvider(null).GetCredentialAsync(CancellationToken.None);

                Assert.Equal(KeyId, lookup.Credential.AccessKeyId);
                Assert.Equal("aliyun CLI profile 'prod' (AK)", lookup.Credential.Source);
            }
        }

        [Fact]
        public async Task Cli_mode_names_ignore_case_and_a_missing_mode_means_AK()
        {
            var path = _dir.Write("config.json", "{\"current\":\"a\",\"profiles\":[{\"name\":\"a\",\"access_key_id\":\"" + KeyId + "\",\"access_key_secret\":\"" + KeySecret + "\"}," +
                "{\"name\":\"b\",\"mode\":\"ststoken\",\"access_key_id\":\"" + KeyId + "\",\"access_key_secret\":\"" + KeySecret + "\",\"sts_token\":\"tok\"}]}");
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_CONFIG_FILE", path))
            {
                Assert.Equal("aliyun CLI profile 'a' (AK)", (await new AliyunCliProfileProvider(null).GetCredentialAsync(CancellationToken.None)).Credential.Source);
                var sts = (await new AliyunCliProfileProvider("b").GetCredentialAsync(CancellationToken.None)).Credential;
                Assert.Equal("aliyun CLI profile 'b' (StsToken)", sts.Source);
                Assert.True(sts.IsTemporary);
            }
        }

        [Fact]
        public async Task A_missing_current_profile_is_not_found_with_a_reason()
        {
            var path = _dir.Write("config.json", "{\"current\":\"gone\",\"profiles\":[]}");
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_CONFIG_FILE", path))
            {
                var lookup = await new AliyunCliProfileProvider(null).GetCredentialAsync(CancellationToken.None);

                Assert.Null(lookup.Credential);
                Assert.Equal("'" + path + "' has no profile 'gone' (its current profile)", lookup.Reason);
            }
        }

        [Fact]
        public async Task A_self_referencing_source_profile_is_a_cycle()
        {
            var path = _dir.Write("config.json", "{\"current\":\"loop\",\"profiles\":[{\"name\":\"loop\",\"mode\":\"ChainableRamRoleArn\",\"source_profile\":\"loop\",\"ram_role_arn\":\"acs:ram::1:role/x\"}]}");
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_CONFIG_FILE", path))
            {
                var ex = await Assert.ThrowsAsync<CredentialsException>(() => new AliyunCliProfileProvider(null).GetCredentialAsync(CancellationToken.None));

                Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
                Assert.Contains("cycle: loop -> loop", ex.Message);
            }
        }

        [Fact]
        public async Task A_long_source_profile_cycle_names_every_step()
        {
            var path = _dir.Write("config.json", "{\"current\":\"a\",\"profiles\":[" +
                "{\"name\":\"a\",\"mode\":\"ChainableRamRoleArn\",\"source_profile\":\"b\",\"ram_role_arn\":\"acs:ram::1:role/x\"}," +
                "{\"name\":\"b\",\"mode\":\"ChainableRamRoleArn\",\"source_profile\":\"c\",\"ram_role_arn\":\"acs:ram::1:role/x\"}," +
                "{\"name\":\"c\",\"mode\":\"ChainableRamRoleArn\",\"source_profile\":\"b\",\"ram_role_arn\":\"acs:ram::1:role/x\"}]}");
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_CONFIG_FILE", path))
            {
                var ex = await Assert.ThrowsAsync<CredentialsException>(() => new AliyunCliProfileProvider(null).GetCredentialAsync(CancellationToken.None));

                Assert.Contains("cycle: a -> b -> c -> b", ex.Message);
            }
        }

        [Fact]
        public async Task Ini_default_section_and_named_sections()
        {
            var path = _dir.Write("credentials", "[default]\ntype = access_key\naccess_key_id = " + KeyId + "\naccess_key_secret = " + KeySecret +
                "\n[off]\nenable = false\ntype = access_key\naccess_key_id = x\naccess_key_secret = y\n");
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_CREDENTIALS_FILE", path))
            {
                var found = await new CredentialsFileProvider(null).GetCredentialAsync(CancellationToken.None);
                var disabled = await new CredentialsFileProvider("off").GetCredentialAsync(CancellationToken.None);
                var missing = await new CredentialsFileProvider("nope").GetCredentialAsync(CancellationToken.None);

                Assert.Equal("credentials file profile 'default' (access_key)", found.Credential.Source);
                Assert.Contains("enable = false", disabled.Reason);
                Assert.Equal("'" + path + "' has no [nope] section", missing.Reason);
            }
        }

        [Theory]
        [InlineData("[default]\naccess_key_id = a\n", ErrorIds.CredentialsInvalid, "has no type")]
        [InlineData("[default]\ntype = access_key\naccess_key_id = a\n", ErrorIds.CredentialsInvalid, "has no access_key_secret")]
        [InlineData("[default]\ntype = ram_role_arn\naccess_key_id = a\naccess_key_secret = b\n", ErrorIds.CredentialsInvalid, "has no role_arn")]
        [InlineData("[default]\ntype = oidc_role_arn\nrole_arn = r\noidc_provider_arn = p\n", ErrorIds.CredentialsInvalid, "has no oidc_token_file_path")]
        [InlineData("[default]\ntype = bearer\nbearer_token = t\n", ErrorIds.CredentialsModeNotSupported, "type 'bearer'")]
        public async Task Ini_configuration_errors_name_what_is_wrong(string content, string errorId, string expected)
        {
            var path = _dir.Write("credentials", content);
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_CREDENTIALS_FILE", path))
            {
                var ex = await Assert.ThrowsAsync<CredentialsException>(() => new CredentialsFileProvider(null).GetCredentialAsync(CancellationToken.None));

                Assert.Equal(errorId, ex.ErrorId);
                Assert.Contains(expected, ex.Message);
                Assert.Contains(path, ex.Message);
            }
        }

        [Fact]
        public async Task Ini_falls_back_to_credentials_ini_under_home()
        {
            var home = System.IO.Path.Combine(_dir.Path, "home");
            System.IO.Directory.CreateDirectory(System.IO.Path.Combine(home, ".alibabacloud"));
            System.IO.File.WriteAllText(System.IO.Path.Combine(home, ".alibabacloud", "credentials.ini"),
                "[default]\ntype = access_key\naccess_key_id = " + KeyId + "\naccess_key_secret = " + KeySecret + "\n");
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_CREDENTIALS_FILE", null).Set("HOME", home).Set("USERPROFILE", home))
            {
                var lookup = await new CredentialsFileProvider(null).GetCredentialAsync(CancellationToken.None);

                Assert.Equal(KeyId, lookup.Credential.AccessKeyId);
            }
        }
    }
}
