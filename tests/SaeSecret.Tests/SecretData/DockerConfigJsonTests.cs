using System;
using System.Collections.Generic;
using System.Net;
using System.Security;
using System.Text;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestText;

namespace SaeSecret.Tests.SecretData
{
    public class DockerConfigJsonTests
    {
        private static RegistryLogin Login(string server, string user, string password, string email = null) =>
            new RegistryLogin(server, user, Secure(password), email);

        private static string Build(params RegistryLogin[] logins) =>
            new NetworkCredential(string.Empty, DockerConfigJson.Build(logins)).Password;

        [Fact]
        public void The_key_is_dockerconfigjson()
        {
            Assert.Equal(".dockerconfigjson", DockerConfigJson.Key);
        }

        [Fact]
        public void RegistryLogin_keeps_what_it_is_given()
        {
            var password = Secure("pw");
            var login = new RegistryLogin("registry.example.com", "user", password, "ops@example.com");

            Assert.Equal("registry.example.com", login.Server);
            Assert.Equal("user", login.Username);
            Assert.Same(password, login.Password);
            Assert.Equal("ops@example.com", login.Email);
        }

        [Fact]
        public void One_login_is_exactly_the_docker_config_json_Kubernetes_expects()
        {
            var json = Build(Login("registry.cn-beijing.aliyuncs.com", "registry-user", "registry-password"));

            SecretAssert.SameText(
                "{\"auths\":{\"registry.cn-beijing.aliyuncs.com\":{\"username\":\"registry-user\",\"password\":\"registry-password\",\"auth\":\"" +
                B64("registry-user:registry-password") + "\"}}}",
                json, "dockerconfigjson");
        }

        [Fact]
        public void An_email_is_written_between_password_and_auth()
        {
            var json = Build(Login("r.example.com", "u", "p", "ops@example.com"));

            SecretAssert.SameText(
                "{\"auths\":{\"r.example.com\":{\"username\":\"u\",\"password\":\"p\",\"email\":\"ops@example.com\",\"auth\":\"" + B64("u:p") + "\"}}}",
                json, "dockerconfigjson with email");
        }

        [Fact]
        public void An_empty_email_is_left_out()
        {
            var json = Build(Login("r.example.com", "u", "p", ""));

            Assert.Null(JObject.Parse(json)["auths"]["r.example.com"]["email"]);
        }

        [Fact]
        public void Several_logins_each_get_their_server_in_order()
        {
            var json = JObject.Parse(Build(
                Login("registry.cn-beijing.aliyuncs.com", "user-a", "pass-a"),
                Login("registry-vpc.cn-beijing.aliyuncs.com", "user-b", "pass-b", "b@example.com")));

            var auths = (JObject)json["auths"];
            Assert.Equal(new[] { "registry.cn-beijing.aliyuncs.com", "registry-vpc.cn-beijing.aliyuncs.com" },
                new List<string>(System.Linq.Enumerable.Select(auths.Properties(), p => p.Name)));
            var second = auths["registry-vpc.cn-beijing.aliyuncs.com"];
            Assert.Equal("user-b", (string)second["username"]);
            SecretAssert.SameText("pass-b", (string)second["password"], "second password");
            SecretAssert.SameText(B64("user-b:pass-b"), (string)second["auth"], "second auth");
            Assert.Equal("b@example.com", (string)second["email"]);
            SecretAssert.SameText(B64("user-a:pass-a"), (string)auths["registry.cn-beijing.aliyuncs.com"]["auth"], "first auth");
        }

        [Fact]
        public void Text_that_needs_escaping_survives_and_auth_is_base64_of_the_UTF8_bytes()
        {
            const string password = "p\"ä\\ss:wörd 密码 \U0001F511";

            var login = JObject.Parse(Build(Login("r.example.com", "ü-user", password)))["auths"]["r.example.com"];

            SecretAssert.SameText(password, (string)login["password"], "password in the JSON");
            SecretAssert.SameBytes(Encoding.UTF8.GetBytes("ü-user:" + password), Convert.FromBase64String((string)login["auth"]), "auth bytes");
        }

        [Fact]
        public void A_missing_password_is_an_empty_one()
        {
            var login = JObject.Parse(Build(new RegistryLogin("r.example.com", "u", null, null)))["auths"]["r.example.com"];

            Assert.Equal("", (string)login["password"]);
            Assert.Equal(B64("u:"), (string)login["auth"]);
        }

        [Fact]
        public void The_result_is_a_read_only_SecureString()
        {
            var secure = DockerConfigJson.Build(new[] { Login("r.example.com", "u", "p") });

            Assert.True(secure.IsReadOnly(), "the SecureString is not read-only");
        }

        [Fact]
        public void The_passwords_given_are_left_as_they_were()
        {
            var password = Secure("keep-me");

            DockerConfigJson.Build(new[] { new RegistryLogin("r.example.com", "u", password, null) });

            SecretAssert.SameText("keep-me", new NetworkCredential(string.Empty, password).Password, "password afterwards");
        }

        [Fact]
        public void No_logins_is_an_argument_error()
        {
            var none = Assert.Throws<ArgumentException>(() => DockerConfigJson.Build(new RegistryLogin[0]));
            var nullList = Assert.Throws<ArgumentException>(() => DockerConfigJson.Build(null));

            Assert.Equal("logins", none.ParamName);
            Assert.Equal("logins", nullList.ParamName);
            Assert.StartsWith("At least one registry login is required.", none.Message);
        }

        [Fact]
        public void A_disposed_password_fails_as_disposed_whichever_login_it_is()
        {
            var disposed = new SecureString();
            disposed.Dispose();

            Assert.Throws<ObjectDisposedException>(() => DockerConfigJson.Build(new[] { new RegistryLogin("r.example.com", "u", disposed, null) }));
            Assert.Throws<ObjectDisposedException>(() => DockerConfigJson.Build(new[]
            {
                Login("a.example.com", "u", "p"),
                new RegistryLogin("b.example.com", "u", disposed, null),
            }));
        }
    }
}
