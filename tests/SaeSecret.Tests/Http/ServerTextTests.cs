using SaeSecret.PowerShell.Api;
using Xunit;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.Tests.Http
{
    public class ServerTextTests
    {
        [Theory]
        [InlineData("InvalidParameter: the name is not valid")]
        [InlineData("~ \u00A0 \u00FF \u4E2D")]
        public void Text_without_control_characters_is_returned_as_the_same_instance(string text)
        {
            Assert.Same(text, ServerText.Inert(text));
        }

        [Theory]
        [InlineData("a\u001Bb", "a\uFFFDb")]
        [InlineData("a\u007Fb", "a\uFFFDb")]
        [InlineData("a\u0080b", "a\uFFFDb")]
        [InlineData("a\u009Eb", "a\uFFFDb")]
        [InlineData("a\u009Fb", "a\uFFFDb")]
        [InlineData("a\u00A0b", "a\u00A0b")]
        [InlineData("line\r\nfake", "line\uFFFD\uFFFDfake")]
        public void Every_C0_DEL_and_C1_character_is_replaced(string text, string expected)
        {
            Assert.Equal(expected, ServerText.Inert(text));
        }

        [Theory]
        [InlineData("a\u2028b", "a\uFFFDb")]
        [InlineData("a\u2029b", "a\uFFFDb")]
        [InlineData("pay \u202Egnp.exe", "pay \uFFFDgnp.exe")]
        [InlineData("a\u202Ab\u202Dc", "a\uFFFDb\uFFFDc")]
        [InlineData("a\u2066b\u2069c", "a\uFFFDb\uFFFDc")]
        [InlineData("a\u200Eb\u200Fc\u061Cd", "a\uFFFDb\uFFFDc\uFFFDd")]
        [InlineData("a\u2027b\u202Fc\u2065d\u206Ae", "a\u2027b\u202Fc\u2065d\u206Ae")]
        public void Line_separators_and_bidirectional_controls_are_replaced_and_their_neighbours_kept(string text, string expected)
        {
            Assert.Equal(expected, ServerText.Inert(text));
        }
    }
}
