using System;
using SaeSecret.PowerShell.Api;
using Xunit;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.Tests.Rules
{
    /// <summary>Secret names and types as SAE accepts them, checked before anything is sent.</summary>
    public class SecretRulesTests
    {
        // ---- NormalizeType ----

        [Theory]
        [InlineData(null, "Opaque")]
        [InlineData("", "Opaque")]
        [InlineData("Opaque", "Opaque")]
        [InlineData("opaque", "Opaque")]
        [InlineData("OPAQUE", "Opaque")]
        [InlineData("kubernetes.io/dockerconfigjson", "kubernetes.io/dockerconfigjson")]
        [InlineData("Kubernetes.IO/DockerConfigJson", "kubernetes.io/dockerconfigjson")]
        [InlineData("KUBERNETES.IO/DOCKERCONFIGJSON", "kubernetes.io/dockerconfigjson")]
        [InlineData("DockerConfigJson", "kubernetes.io/dockerconfigjson")]
        [InlineData("dockerconfigjson", "kubernetes.io/dockerconfigjson")]
        [InlineData("DOCKERCONFIGJSON", "kubernetes.io/dockerconfigjson")]
        [InlineData("kubernetes.io/tls", "kubernetes.io/tls")]
        [InlineData("Kubernetes.io/TLS", "kubernetes.io/tls")]
        [InlineData("Tls", "kubernetes.io/tls")]
        [InlineData("tls", "kubernetes.io/tls")]
        [InlineData("TLS", "kubernetes.io/tls")]
        public void NormalizeType_accepts_every_documented_spelling(string given, string expected)
        {
            Assert.Equal(expected, SecretRules.NormalizeType(given));
        }

        [Fact]
        public void NormalizeType_returns_the_shared_constants()
        {
            Assert.Same(SecretRules.Opaque, SecretRules.NormalizeType("opaque"));
            Assert.Same(SecretRules.DockerConfigJson, SecretRules.NormalizeType("dockerconfigjson"));
            Assert.Same(SecretRules.Tls, SecretRules.NormalizeType("tls"));
            Assert.Equal(new[] { "Opaque", "kubernetes.io/dockerconfigjson", "kubernetes.io/tls" }, SecretRules.Types);
        }

        [Theory]
        [InlineData(" ")]
        [InlineData(" Opaque")]
        [InlineData("Opaque ")]
        [InlineData("Secret")]
        [InlineData("generic")]
        [InlineData("docker")]
        [InlineData("DockerConfig")]
        [InlineData("kubernetes.io/opaque")]
        [InlineData("kubernetes.io/basic-auth")]
        [InlineData("kubernetes.io/ssh-auth")]
        [InlineData("io/tls")]
        [InlineData("kubernetes.io/")]
        [InlineData("tls.crt")]
        [InlineData("Opaqué")]
        public void NormalizeType_rejects_anything_else_as_SecretTypeInvalid(string given)
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretRules.NormalizeType(given));

            Assert.Equal(ErrorIds.SecretTypeInvalid, ex.ErrorId);
            Assert.Equal("SecretType", ex.ParamName);
            Assert.Contains("'" + given + "'", ex.Message);
            Assert.Contains("Opaque", ex.Message);
        }

        [Fact]
        public void NormalizeType_makes_control_characters_in_the_rejected_type_inert()
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretRules.NormalizeType("bad\u001b[2J\r\ntype\u009b"));

            Assert.Equal(ErrorIds.SecretTypeInvalid, ex.ErrorId);
            Assert.Contains("'bad\uFFFD[2J\uFFFD\uFFFDtype\uFFFD'", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
        }

        // ---- RequiredKeys / CheckRequiredKeys ----

        [Fact]
        public void RequiredKeys_per_type()
        {
            Assert.Empty(SecretRules.RequiredKeys(SecretRules.Opaque));
            Assert.Equal(new[] { ".dockerconfigjson" }, SecretRules.RequiredKeys(SecretRules.DockerConfigJson));
            Assert.Equal(new[] { "tls.crt", "tls.key" }, SecretRules.RequiredKeys(SecretRules.Tls));
        }

        [Theory]
        [InlineData("Opaque")]
        [InlineData("Opaque", "anything")]
        [InlineData("kubernetes.io/dockerconfigjson", ".dockerconfigjson")]
        [InlineData("kubernetes.io/dockerconfigjson", ".dockerconfigjson", "extra")]
        [InlineData("kubernetes.io/tls", "tls.crt", "tls.key")]
        [InlineData("kubernetes.io/tls", "ca.crt", "tls.key", "tls.crt")]
        public void CheckRequiredKeys_accepts_data_holding_the_required_keys(string type, params string[] keys)
        {
            SecretRules.CheckRequiredKeys(type, keys);
        }

        [Theory]
        [InlineData("kubernetes.io/dockerconfigjson", ".dockerconfigjson", new string[0])]
        [InlineData("kubernetes.io/dockerconfigjson", ".dockerconfigjson", new[] { "dockerconfigjson", "config.json" })]
        [InlineData("kubernetes.io/dockerconfigjson", ".dockerconfigjson", new[] { ".DockerConfigJson" })]
        [InlineData("kubernetes.io/tls", "tls.crt, tls.key", new string[0])]
        [InlineData("kubernetes.io/tls", "tls.key", new[] { "tls.crt" })]
        [InlineData("kubernetes.io/tls", "tls.crt", new[] { "tls.key", "ca.crt" })]
        [InlineData("kubernetes.io/tls", "tls.crt, tls.key", new[] { "TLS.CRT", "TLS.KEY" })]
        public void CheckRequiredKeys_names_the_missing_keys(string type, string missing, string[] keys)
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretRules.CheckRequiredKeys(type, keys));

            Assert.Equal(ErrorIds.SecretDataRequiredKeyMissing, ex.ErrorId);
            Assert.Equal("SecretData", ex.ParamName);
            Assert.Contains("A " + type + " secret needs the key(s) " + missing + " in SecretData.", ex.Message);
        }

        // ---- CheckName ----

        [Theory]
        [InlineData("a")]
        [InlineData("z")]
        [InlineData("A")]
        [InlineData("Z")]
        [InlineData("a0")]
        [InlineData("a9")]
        [InlineData("z-")]
        [InlineData("Z_")]
        [InlineData("db-cred_01")]
        [InlineData("MySecret")]
        [InlineData("a--__--9")]
        public void CheckName_accepts_a_letter_then_letters_digits_dash_and_underscore(string name)
        {
            SecretRules.CheckName(name);
        }

        [Theory]
        [InlineData("")]
        [InlineData("0abc")]
        [InlineData("9")]
        [InlineData("-abc")]
        [InlineData("_abc")]
        [InlineData(".abc")]
        [InlineData("`a")] // just before 'a'
        [InlineData("{a")] // just after 'z'
        [InlineData("@a")] // just before 'A'
        [InlineData("[a")] // just after 'Z'
        [InlineData("a`")]
        [InlineData("a{")]
        [InlineData("a@")]
        [InlineData("a[")]
        [InlineData("a/")] // just before '0'
        [InlineData("a:")] // just after '9'
        [InlineData("a,")] // just before '-'
        [InlineData("a.")] // just after '-'
        [InlineData("a^")] // just before '_'
        [InlineData("ab c")]
        [InlineData("ab.c")]
        [InlineData("ns/name")]
        [InlineData("name ")]
        [InlineData(" name")]
        [InlineData("é")]
        [InlineData("ünter")]
        [InlineData("aé")]
        [InlineData("Ωmega")]
        [InlineData("密码")]
        [InlineData("ａbc")] // full-width a
        [InlineData("a\u0661")] // Arabic-Indic digit one
        [InlineData("a\n")]
        [InlineData("a\u0000")]
        public void CheckName_rejects_other_names_as_SecretNameInvalid(string name)
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretRules.CheckName(name));

            Assert.Equal(ErrorIds.SecretNameInvalid, ex.ErrorId);
            Assert.Equal("SecretName", ex.ParamName);
            Assert.Contains("must start with a letter", ex.Message);
        }

        [Fact]
        public void CheckName_rejects_null()
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretRules.CheckName(null));

            Assert.Equal(ErrorIds.SecretNameInvalid, ex.ErrorId);
        }

        [Fact]
        public void CheckName_quotes_the_name_with_control_characters_made_inert()
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretRules.CheckName("x\u001b]0;title\u0007\r\nfake"));

            Assert.Contains("'x\uFFFD]0;title\uFFFD\uFFFD\uFFFDfake'", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", ex.Message, StringComparison.Ordinal);
        }
    }
}
