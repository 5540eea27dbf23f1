using System;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Credentials
{
    /// <summary>CredentialChain.CreateDefault: order, named profiles, and the not-found report. No network: long-term keys only.</summary>
    [Collection("Environment")]
    public class DefaultCredentialChainTests : IDisposable
    {
        private const string CliSecret = "CliSecret-Distinct-1";
        private const string IniSecret = "IniSecret-Distinct-2";
        private readonly TempDirectory _dir = new TempDirectory();
        private readonly EnvironmentScope _env = new EnvironmentScope();

        public DefaultCredentialChainTests() => TemporaryCredentialCache.Clear();

        public void Dispose()
        {
            _env.Dispose();
            _dir.Dispose();
            TemporaryCredentialCache.Clear();
        }

        private string CliConfig(string current, params string[] names)
        {
            var profiles = string.Join(",", Array.ConvertAll(names, n =>
                "{\"name\":\"" + n + "\",\"mode\":\"AK\",\"access_key_id\":\"Cli-" + n + "\",\"access_key_secret\":\"" + CliSecret + "\"}"));
            var path = _dir.Write("config.json", "{\"current\":\"" + current + "\",\"profiles\":[" + profiles + "]}");
            _env.Set("ALIBABA_CLOUD_CONFIG_FILE", path);
            return path;
        }

        private string CredentialsFile(params string[] sections)
        {
            var text = string.Concat(Array.ConvertAll(sections, s =>
                "[" + s + "]\ntype = access_key\naccess_key_id = Ini-" + s + "\naccess_key_secret = " + IniSecret + "\n"));
            var path = _dir.Write("credentials", text);
            _env.Set("ALIBABA_CLOUD_CREDENTIALS_FILE", path);
            return path;
        }

        private static Task<CredentialLookup> Lookup(string profileName = null) =>
            CredentialChain.CreateDefault(profileName).GetCredentialAsync(CancellationToken.None);

        [Fact]
        public async Task Environment_beats_the_cli_config_which_beats_the_credentials_file()
        {
            CliConfig("default", "default");
            CredentialsFile("default");
            _env.Set("ALIBABA_CLOUD_ACCESS_KEY_ID", "EnvId").Set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EnvSecret");

            Assert.Equal("EnvId", (await Lookup()).Credential.AccessKeyId);
            _env.Set("ALIBABA_CLOUD_ACCESS_KEY_ID", null).Set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", null);
            Assert.Equal("Cli-default", (await Lookup()).Credential.AccessKeyId);
            _env.Set("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
            Assert.Equal("Ini-default", (await Lookup()).Credential.AccessKeyId);
        }

        [Fact]
        public async Task A_malformed_later_source_is_not_read_when_an_earlier_one_answers()
        {
            _env.Set("ALIBABA_CLOUD_CONFIG_FILE", _dir.Write("config.json", "{ not json"));
            _env.Set("ALIBABA_CLOUD_ACCESS_KEY_ID", "EnvId").Set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EnvSecret");

            Assert.Equal("EnvId", (await Lookup()).Credential.AccessKeyId);
        }

        [Fact]
        public async Task A_malformed_source_in_the_way_stops_the_chain()
        {
            var path = _dir.Write("config.json", "{ not json");
            _env.Set("ALIBABA_CLOUD_CONFIG_FILE", path);
            CredentialsFile("default");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => Lookup());

            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
            Assert.Contains(path, ex.Message);
        }

        [Fact]
        public async Task The_profile_name_parameter_picks_a_profile_from_either_file_and_skips_the_environment()
        {
            CliConfig("one", "one", "two");
            CredentialsFile("default", "three");
            _env.Set("ALIBABA_CLOUD_ACCESS_KEY_ID", "EnvId").Set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EnvSecret");

            var two = await Lookup("two");
            var three = await Lookup("three");

            Assert.Equal("Cli-two", two.Credential.AccessKeyId);
            Assert.Equal("aliyun CLI profile 'two' (AK)", two.Credential.Source);
            Assert.Equal("Ini-three", three.Credential.AccessKeyId);
            Assert.Equal("credentials file profile 'three' (access_key)", three.Credential.Source);
            Assert.Equal("the profile 'two' (-ProfileName)", CredentialChain.CreateDefault("two").Name);
        }

        [Fact]
        public async Task ALIBABA_CLOUD_PROFILE_picks_the_profile_in_the_normal_order()
        {
            CliConfig("one", "one", "two");
            _env.Set("ALIBABA_CLOUD_PROFILE", "two");

            Assert.Equal("Cli-two", (await Lookup()).Credential.AccessKeyId);
            Assert.Equal("Cli-one", (await Lookup("one")).Credential.AccessKeyId);
        }

        [Fact]
        public async Task A_named_profile_in_neither_file_is_ProfileNotFound_naming_both_files()
        {
            var cli = CliConfig("default", "default");
            var ini = CredentialsFile("default");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => Lookup("prod"));

            Assert.Equal(ErrorIds.CredentialsProfileNotFound, ex.ErrorId);
            Assert.Contains("The profile 'prod' (from -ProfileName) was not found", ex.Message);
            Assert.Contains("the aliyun CLI config file '" + cli + "'", ex.Message);
            Assert.Contains("the credentials file '" + ini + "'", ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, CliSecret, "the error");
            SecretAssert.DoesNotLeak(ex.Message, IniSecret, "the error");
        }

        [Fact]
        public async Task A_profile_named_by_the_environment_must_exist_when_the_chain_reaches_the_profile_files()
        {
            _env.Set("ALIBABA_CLOUD_PROFILE", "prod");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => Lookup());

            Assert.Equal(ErrorIds.CredentialsProfileNotFound, ex.ErrorId);
            Assert.Contains("(from ALIBABA_CLOUD_PROFILE)", ex.Message);
            Assert.Contains("(it does not exist)", ex.Message);
        }

        [Fact]
        public async Task Environment_keys_come_before_a_profile_named_by_the_environment()
        {
            // PROTOCOL.md §4: the environment is source 1, the profile files 3 and 4; a stale profile name must not break it.
            _env.Set("ALIBABA_CLOUD_PROFILE", "prod");
            _env.Set("ALIBABA_CLOUD_ACCESS_KEY_ID", "EnvId").Set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EnvSecret");

            var lookup = await Lookup();

            Assert.Equal("EnvId", lookup.Credential.AccessKeyId);
            Assert.StartsWith("environment variables", lookup.Credential.Source);
        }

        [Fact]
        public async Task A_named_profile_with_the_cli_config_disabled_says_so()
        {
            CliConfig("prod", "prod");
            _env.Set("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => Lookup("prod"));

            Assert.Equal(ErrorIds.CredentialsProfileNotFound, ex.ErrorId);
            Assert.Contains("ALIBABA_CLOUD_CLI_PROFILE_DISABLED is true", ex.Message);
        }

        [Fact]
        public async Task Nothing_configured_lists_all_six_sources_in_order()
        {
            var ex = await Assert.ThrowsAsync<CredentialsException>(() => Lookup());

            var names = new[] { "environment variables:", "OIDC role (RRSA):", "aliyun CLI config:", "credentials file:", "ECS instance metadata:", "credentials URI:" };
            int at = 0;
            foreach (var name in names)
            {
                var next = ex.Message.IndexOf("  - " + name, at, StringComparison.Ordinal);
                Assert.True(next >= at, name + " is missing or out of order");
                at = next;
            }
            Assert.Contains("-Credential", ex.Message);
        }

        [Fact]
        public async Task The_oidc_entry_names_the_variables_that_are_missing()
        {
            _env.Set("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r");

            var lookup = await OidcRoleCredentialProvider.FromEnvironment().GetCredentialAsync(CancellationToken.None);

            Assert.Equal("ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set", lookup.Reason);
        }

        [Fact]
        public async Task The_winner_is_read_once_per_chain()
        {
            var path = CliConfig("default", "default");
            var chain = CredentialChain.CreateDefault();
            await chain.GetCredentialAsync(CancellationToken.None);
            System.IO.File.WriteAllText(path, "{ broken");

            var again = await chain.GetCredentialAsync(CancellationToken.None);

            Assert.Equal("Cli-default", again.Credential.AccessKeyId);
            Assert.True(chain.GetCredentialAsync(CancellationToken.None).IsCompleted, "a remembered winner should answer synchronously");
        }
    }
}
