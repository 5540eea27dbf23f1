using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.Tests.Support;
using Xunit;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Tests.Credentials
{
    [Collection("Environment")]
    public class CredentialTests
    {
        private const string KeyId = "TestKeyId-0123456789";
        private const string KeySecret = "TestKeySecret-abc";
        private const string Token = "TestSecurityToken-xyz/+=";

        /// <summary>
        /// The access key variables as given, and every other credential source of the default chain switched off
        /// (an empty home directory, no OIDC, no credentials URI, no instance metadata), so the machine's own
        /// configuration cannot answer.
        /// </summary>
        private static EnvironmentScope Env(string id, string secret, string token)
        {
            var home = Path.Combine(Path.GetTempPath(), "saesecret-tests-home-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(home);
            var scope = new EnvironmentScope().Set("HOME", home).Set("USERPROFILE", home)
                .Set("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
            foreach (var name in new[]
            {
                "ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "ALIBABA_CLOUD_CREDENTIALS_FILE",
                "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_CREDENTIALS_URI",
            })
            {
                scope.Set(name, null);
            }
            return scope
                .Set(EnvironmentCredentialProvider.AccessKeyIdVariable, id)
                .Set(EnvironmentCredentialProvider.AccessKeySecretVariable, secret)
                .Set(EnvironmentCredentialProvider.SecurityTokenVariable, token)
                .OnDispose(() => Directory.Delete(home, true));
        }

        [Fact]
        public async Task Environment_values_are_trimmed_of_the_newline_a_file_read_leaves()
        {
            using (Env(KeyId + "\n", KeySecret + "\r\n", null))
            {
                var lookup = await new EnvironmentCredentialProvider().GetCredentialAsync(CancellationToken.None);

                Assert.Equal(KeyId, lookup.Credential.AccessKeyId);
                Assert.True(lookup.Credential.AccessKeySecret == KeySecret, "the key secret kept its line ending");
            }
        }

        [Fact]
        public async Task Environment_provides_a_long_term_key()
        {
            using (Env(KeyId, KeySecret, null))
            {
                var lookup = await new EnvironmentCredentialProvider().GetCredentialAsync(CancellationToken.None);

                Assert.NotNull(lookup.Credential);
                Assert.Equal(KeyId, lookup.Credential.AccessKeyId);
                Assert.True(lookup.Credential.AccessKeySecret == KeySecret, "the key secret was not read from the environment");
                Assert.False(lookup.Credential.IsTemporary);
                Assert.Null(lookup.Credential.SecurityToken);
                Assert.Equal("environment variables", lookup.Credential.Source);
            }
        }

        [Fact]
        public async Task Environment_provides_an_sts_key_with_its_token()
        {
            using (Env(KeyId, KeySecret, Token))
            {
                var lookup = await new EnvironmentCredentialProvider().GetCredentialAsync(CancellationToken.None);

                Assert.True(lookup.Credential.IsTemporary);
                Assert.True(lookup.Credential.SecurityToken == Token, "the token was not read from the environment");
                Assert.Contains("STS", lookup.Credential.Source);
            }
        }

        [Fact]
        public async Task Empty_token_variable_means_a_long_term_key()
        {
            using (Env(KeyId, KeySecret, ""))
            {
                var lookup = await new EnvironmentCredentialProvider().GetCredentialAsync(CancellationToken.None);

                Assert.False(lookup.Credential.IsTemporary);
            }
        }

        [Fact]
        public async Task Unset_environment_is_not_found_with_a_reason()
        {
            using (Env(null, null, null))
            {
                var lookup = await new EnvironmentCredentialProvider().GetCredentialAsync(CancellationToken.None);

                Assert.Null(lookup.Credential);
                Assert.Contains("ALIBABA_CLOUD_ACCESS_KEY_ID", lookup.Reason);
                Assert.Contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET", lookup.Reason);
            }
        }

        [Theory]
        [InlineData(KeyId, null, "ALIBABA_CLOUD_ACCESS_KEY_SECRET")]
        [InlineData(KeyId, "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")]
        [InlineData(null, KeySecret, "ALIBABA_CLOUD_ACCESS_KEY_ID")]
        [InlineData("", KeySecret, "ALIBABA_CLOUD_ACCESS_KEY_ID")]
        public async Task Half_set_environment_is_an_error_naming_the_missing_variable(string id, string secret, string missing)
        {
            using (Env(id, secret, null))
            {
                var ex = await Assert.ThrowsAsync<CredentialsException>(() => new EnvironmentCredentialProvider().GetCredentialAsync(CancellationToken.None));

                Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
                Assert.StartsWith(missing + " is empty or not set", ex.Message);
                SecretAssert.DoesNotLeak(ex.Message, KeySecret, "error message");
            }
        }

        [Fact]
        public async Task Environment_scope_restores_variables()
        {
            const string name = "SAESECRET_TESTS_PROBE";
            Environment.SetEnvironmentVariable(name, "before");
            try
            {
                using (new EnvironmentScope().Set(name, "during"))
                {
                    Assert.Equal("during", Environment.GetEnvironmentVariable(name));
                }
                Assert.Equal("before", Environment.GetEnvironmentVariable(name));
            }
            finally
            {
                Environment.SetEnvironmentVariable(name, null);
            }
            await Task.CompletedTask;
        }

        [Fact]
        public async Task Chain_not_found_lists_each_source_with_its_reason_and_how_to_provide_credentials()
        {
            var chain = new CredentialChain(new ICredentialProvider[]
            {
                new FakeProvider("first source", CredentialLookup.NotFound("first reason")),
                new FakeProvider("second source", CredentialLookup.NotFound("second reason")),
            });

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => chain.GetCredentialAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsNotFound, ex.ErrorId);
            Assert.Contains("first source: first reason", ex.Message);
            Assert.Contains("second source: second reason", ex.Message);
            Assert.True(ex.Message.IndexOf("first source", StringComparison.Ordinal) < ex.Message.IndexOf("second source", StringComparison.Ordinal),
                "sources are not listed in the order tried");
            Assert.Contains("-Credential", ex.Message);
            Assert.Contains("ALIBABA_CLOUD_ACCESS_KEY_ID", ex.Message);
            Assert.Contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ex.Message);
        }

        [Fact]
        public async Task Default_chain_with_nothing_set_names_the_environment_source()
        {
            using (Env(null, null, null))
            {
                var ex = await Assert.ThrowsAsync<CredentialsException>(() => CredentialChain.CreateDefault().GetCredentialAsync(CancellationToken.None));

                Assert.Equal(ErrorIds.CredentialsNotFound, ex.ErrorId);
                Assert.Contains("environment variables: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set", ex.Message);
                Assert.Contains("-Credential", ex.Message);
                foreach (var line in ex.Message.Split('\n'))
                {
                    if (line.StartsWith("  - ", StringComparison.Ordinal))
                    {
                        Assert.Matches("^  - [^:]+: .+", line); // every source comes with its reason
                    }
                }
            }
        }

        [Fact]
        public async Task Default_chain_finds_the_environment_key()
        {
            using (Env(KeyId, KeySecret, null))
            {
                var lookup = await CredentialChain.CreateDefault().GetCredentialAsync(CancellationToken.None);

                Assert.Equal(KeyId, lookup.Credential.AccessKeyId);
            }
        }

        [Fact]
        public async Task Chain_takes_the_first_source_that_answers_and_skips_later_ones()
        {
            var found = new AlibabaCloudCredential(KeyId, KeySecret, null, null, "second source");
            var third = new FakeProvider("third source", CredentialLookup.Found(new AlibabaCloudCredential("OtherKeyId", "OtherSecret", null, null, "third")));
            var first = new FakeProvider("first source", CredentialLookup.NotFound("not here"));
            var chain = new CredentialChain(new ICredentialProvider[] { first, new FakeProvider("second source", CredentialLookup.Found(found)), third });

            var lookup = await chain.GetCredentialAsync(CancellationToken.None);
            var again = await chain.GetCredentialAsync(CancellationToken.None);

            Assert.Same(found, lookup.Credential);
            Assert.Same(found, again.Credential);
            Assert.Equal(0, third.Calls);
            Assert.Equal(1, first.Calls); // the winner is remembered
        }

        [Fact]
        public async Task Chain_passes_on_a_broken_source()
        {
            var chain = new CredentialChain(new ICredentialProvider[] { new ThrowingProvider() });

            var ex = await Assert.ThrowsAsync<CredentialsException>(() => chain.GetCredentialAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
        }

        [Fact]
        public void Credential_ToString_masks_the_key_id_and_hides_secret_and_token()
        {
            var credential = new AlibabaCloudCredential(KeyId, KeySecret, Token, DateTimeOffset.UtcNow.AddHours(1), "unit test");

            var text = credential.ToString();

            SecretAssert.DoesNotLeak(text, KeySecret, "ToString");
            SecretAssert.DoesNotLeak(text, Token, "ToString");
            Assert.DoesNotContain(KeyId, text);
            Assert.Contains(credential.MaskedAccessKeyId, text);
            Assert.Contains("unit test", text);
            Assert.Equal("Test*************789", credential.MaskedAccessKeyId);
        }

        [Theory]
        [InlineData("TestKey", "*******")]
        [InlineData("TestKey1", "********")]
        [InlineData("TestKeyId", "Test**yId")]
        public void Short_key_ids_are_masked_entirely_or_mostly(string id, string masked)
        {
            var credential = new AlibabaCloudCredential(id, KeySecret, null, null, "unit test");

            Assert.Equal(masked, credential.MaskedAccessKeyId);
            Assert.DoesNotContain(id, credential.ToString());
        }

        [Theory]
        [InlineData(null, KeySecret)]
        [InlineData("", KeySecret)]
        [InlineData(KeyId, null)]
        [InlineData(KeyId, "")]
        public void Credential_needs_both_id_and_secret(string id, string secret)
        {
            var ex = Assert.Throws<ArgumentException>(() => new AlibabaCloudCredential(id, secret, null, null, "unit test"));
            SecretAssert.DoesNotLeak(ex.Message, KeySecret, "error message");
        }

        [Fact]
        public async Task Static_provider_returns_its_key_under_its_source_name()
        {
            var credential = new AlibabaCloudCredential(KeyId, KeySecret, null, null, "-Credential parameter");
            var provider = new StaticCredentialProvider(credential);

            var lookup = await provider.GetCredentialAsync(CancellationToken.None);

            Assert.Same(credential, lookup.Credential);
            Assert.Equal("-Credential parameter", provider.Name);
        }

        private sealed class FakeProvider : ICredentialProvider
        {
            private readonly CredentialLookup _lookup;

            public FakeProvider(string name, CredentialLookup lookup)
            {
                Name = name;
                _lookup = lookup;
            }

            public string Name { get; }
            public int Calls { get; private set; }

            public Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken)
            {
                Calls++;
                return Task.FromResult(_lookup);
            }
        }

        private sealed class ThrowingProvider : ICredentialProvider
        {
            public string Name => "broken source";

            public Task<CredentialLookup> GetCredentialAsync(CancellationToken cancellationToken) =>
                throw new CredentialsException(ErrorIds.CredentialsInvalid, "broken source is misconfigured");
        }
    }
}
