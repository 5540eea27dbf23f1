using System;
using System.Text;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>What the redactor leaves of a service message that may quote the data sent. Values never reach assertion output.</summary>
    public class EchoRedactorTests
    {
        private static EncodedSecretData Data(params string[] plainValues)
        {
            var base64 = new string[plainValues.Length];
            var keys = new string[plainValues.Length];
            for (int i = 0; i < plainValues.Length; i++)
            {
                keys[i] = "key" + i;
                base64[i] = Convert.ToBase64String(Encoding.UTF8.GetBytes(plainValues[i]));
            }
            return new EncodedSecretData(keys, base64, Array.Empty<byte>());
        }

        private static EncodedSecretData RawData(params string[] base64Values) =>
            new EncodedSecretData(new string[base64Values.Length], base64Values, Array.Empty<byte>());

        [Fact]
        public void An_empty_value_does_not_withhold_the_message()
        {
            const string message = "SecretData: key0 is empty";

            var redacted = EchoRedactor.Redact(message, Data(""), null);

            Assert.Equal(message, redacted);
        }

        [Fact]
        public void A_value_of_exactly_the_window_is_masked_where_it_appears()
        {
            const string value = "Zq7Wx2Kp"; // EchoRedactor.Window characters
            Assert.Equal(EchoRedactor.Window, value.Length);

            var redacted = EchoRedactor.Redact("InvalidParameter: value " + value + " is not allowed", Data(value), null);

            SecretAssert.SameText("InvalidParameter: value *** is not allowed", redacted, "redacted message");
        }

        [Fact]
        public void A_long_value_at_the_very_end_of_the_message_is_masked()
        {
            const string value = "Zq7Wx2Kp9Lm4";

            var redacted = EchoRedactor.Redact("InvalidParameter: bad value " + value, Data(value), null);

            SecretAssert.SameText("InvalidParameter: bad value ***", redacted, "redacted message");
        }

        [Fact]
        public void A_short_value_at_the_start_of_a_message_without_colon_withholds_it_all()
        {
            const string value = "q7Wx";

            var redacted = EchoRedactor.Redact(value + " is not valid", Data(value), null);

            SecretAssert.SameText(EchoRedactor.Withheld, redacted, "redacted message");
        }

        [Fact]
        public void A_short_value_after_a_colon_at_the_start_keeps_only_the_colon()
        {
            const string value = "q7Wx";

            var redacted = EchoRedactor.Redact(": " + value + " is not valid", Data(value), null);

            SecretAssert.SameText(": " + EchoRedactor.Withheld, redacted, "redacted message");
        }

        [Fact]
        public void A_short_value_keeps_what_precedes_the_first_colon()
        {
            const string value = "q7Wx";

            var redacted = EchoRedactor.Redact("InvalidParameter: the value " + value + " is not valid", Data(value), null);

            SecretAssert.SameText("InvalidParameter: " + EchoRedactor.Withheld, redacted, "redacted message");
        }

        [Fact]
        public void A_value_whose_bytes_are_not_utf8_is_not_searched_as_text()
        {
            // The bytes FF FE are no UTF-8; a lenient decoding would yield replacement characters, which is what
            // ServerText puts in place of control characters: such a message must not be withheld for it.
            var binary = Convert.ToBase64String(new byte[] { 0xFF, 0xFE });
            const string message = "InvalidParameter: the name \uFFFD\uFFFD is not valid";

            var redacted = EchoRedactor.Redact(message, RawData(binary), null);

            Assert.Equal(message, redacted);
        }

        [Fact]
        public void A_value_that_is_not_base64_is_searched_only_as_given()
        {
            const string notBase64 = "not base64 at all!";
            const string message = "InvalidParameter: the name is not valid";

            var redacted = EchoRedactor.Redact(message, RawData(notBase64), null);

            Assert.Equal(message, redacted);
        }
    }
}
