using System.Collections.Generic;
using SaeSecret.PowerShell.Credentials;
using Xunit;

namespace SaeSecret.Tests.Credentials
{
    public class CommandLineTests
    {
        [Theory]
        [InlineData("tool", new[] { "tool" })]
        [InlineData("  tool   --a  b ", new[] { "tool", "--a", "b" })]
        [InlineData("\"C:\\Program Files\\tool.exe\" get creds", new[] { "C:\\Program Files\\tool.exe", "get", "creds" })]
        [InlineData("tool --name 'two words' \"x y\"", new[] { "tool", "--name", "two words", "x y" })]
        [InlineData("tool ''", new[] { "tool", "" })]
        [InlineData("tool pre'fix suf'fix", new[] { "tool", "prefix suffix" })]
        [InlineData("tool \"it's\"", new[] { "tool", "it's" })]
        public void Splits_on_spaces_with_simple_quoting(string command, string[] expected)
        {
            Assert.Equal(expected, CommandLine.Split(command, "test profile"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("tool 'unclosed")]
        public void Empty_or_unclosed_commands_are_invalid(string command)
        {
            var ex = Assert.Throws<CredentialsException>(() => CommandLine.Split(command, "aliyun CLI profile 'x' (External)"));

            Assert.Equal(ErrorIds.CredentialsInvalid, ex.ErrorId);
            Assert.StartsWith("aliyun CLI profile 'x' (External): process_command", ex.Message);
        }

        [Theory]
        [InlineData(new[] { "plain", "--flag" }, "plain --flag")]
        [InlineData(new[] { "two words" }, "\"two words\"")]
        [InlineData(new[] { "" }, "\"\"")]
        [InlineData(new[] { "say \"hi\"" }, "\"say \\\"hi\\\"\"")]
        [InlineData(new[] { "C:\\dir\\" }, "C:\\dir\\")]
        [InlineData(new[] { "C:\\my dir\\" }, "\"C:\\my dir\\\\\"")]
        [InlineData(new[] { "a\\\"b" }, "\"a\\\\\\\"b\"")]
        public void Joins_arguments_so_the_process_gets_them_back_unchanged(string[] words, string expected)
        {
            Assert.Equal(expected, CommandLine.Join(new List<string>(words)));
        }
    }
}
