using System.Numerics;
using SaeSecret.PowerShell.Api;
using Xunit;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.Tests.Rules
{
    public class SecretIdInputTests
    {
        public static TheoryData<object> IntegersOf16 => new TheoryData<object>
        {
            (sbyte)16, (byte)16, (short)16, (ushort)16, 16, 16u, 16L, 16UL, new BigInteger(16),
        };

        [Theory]
        [MemberData(nameof(IntegersOf16))]
        public void Every_CLR_integer_type_is_taken(object value)
        {
            Assert.Equal(16L, SecretIdInput.ToSecretId(value));
        }

        [Theory]
        [InlineData("16", 16L)]
        [InlineData(" 16 ", 16L)]
        [InlineData("\t16\r\n", 16L)]
        [InlineData("016", 16L)]
        [InlineData("+16", 16L)]
        [InlineData("9223372036854775807", long.MaxValue)]
        [InlineData("0", 0L)]
        [InlineData(" -5 ", -5L)]            // a whole number: PrepareRequest reports it as SecretIdOutOfRange
        [InlineData("-9223372036854775808", long.MinValue)]
        public void Text_of_decimal_digits_is_taken(string text, long expected)
        {
            Assert.Equal(expected, SecretIdInput.ToSecretId(text));
        }

        [Fact]
        public void Integers_keep_their_value_and_sign()
        {
            Assert.Equal(long.MaxValue, SecretIdInput.ToSecretId(long.MaxValue));
            Assert.Equal(long.MinValue, SecretIdInput.ToSecretId(long.MinValue));
            Assert.Equal(-5L, SecretIdInput.ToSecretId(-5));
            Assert.Equal(-5L, SecretIdInput.ToSecretId((short)-5));
            Assert.Equal(-5L, SecretIdInput.ToSecretId((sbyte)-5));
            Assert.Equal(255L, SecretIdInput.ToSecretId((byte)255));
            Assert.Equal(65535L, SecretIdInput.ToSecretId(ushort.MaxValue));
            Assert.Equal(4294967295L, SecretIdInput.ToSecretId(uint.MaxValue));
            Assert.Equal(long.MaxValue, SecretIdInput.ToSecretId((ulong)long.MaxValue));
            Assert.Equal(long.MaxValue, SecretIdInput.ToSecretId(new BigInteger(long.MaxValue)));
            Assert.Equal(long.MinValue, SecretIdInput.ToSecretId(new BigInteger(long.MinValue)));
        }

        [Theory]
        [InlineData("15.5")]
        [InlineData("16.0")]
        [InlineData("1e1")]
        [InlineData("1kb")]
        [InlineData("0x10")]
        [InlineData("1,000")]
        [InlineData("1 6")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("-")]
        [InlineData("+")]
        [InlineData("--5")]
        [InlineData("5-")]
        [InlineData("True")]
        [InlineData("\uFF11\uFF16")]          // full-width digits
        [InlineData("\u0661\u0666")]          // Arabic-Indic digits
        public void Text_that_is_not_only_decimal_digits_is_refused(string text)
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretIdInput.ToSecretId(text));

            Assert.Equal(ErrorIds.SecretIdInvalid, ex.ErrorId);
            Assert.Equal("SecretId", ex.ParamName);
            Assert.Contains("whole number", ex.Message);
        }

        [Fact]
        public void Other_types_are_refused_naming_the_type()
        {
            foreach (var value in new object[] { 15.5, 16.0, 16.0f, 16m, true, '1', System.DayOfWeek.Monday, new object[] { 16 } })
            {
                var ex = Assert.Throws<SaeInputException>(() => SecretIdInput.ToSecretId(value));
                Assert.Equal(ErrorIds.SecretIdInvalid, ex.ErrorId);
                Assert.Contains(value.GetType().FullName, ex.Message);
            }
        }

        [Fact]
        public void Null_is_refused()
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretIdInput.ToSecretId(null));
            Assert.Equal(ErrorIds.SecretIdInvalid, ex.ErrorId);
        }

        [Fact]
        public void Refused_text_is_not_quoted()
        {
            const string text = "Distinct-Secret-9f3e";

            var ex = Assert.Throws<SaeInputException>(() => SecretIdInput.ToSecretId(text));

            Assert.False(ex.Message.Contains(text), "message quoted the value");
        }

        [Theory]
        [InlineData("9223372036854775808")]
        [InlineData("-9223372036854775809")]
        [InlineData(" 99999999999999999999 ")]
        public void Digit_text_beyond_64_bits_is_out_of_range(string text)
        {
            var ex = Assert.Throws<SaeInputException>(() => SecretIdInput.ToSecretId(text));

            Assert.Equal(ErrorIds.SecretIdOutOfRange, ex.ErrorId);
            Assert.Equal("SecretId", ex.ParamName);
        }

        [Fact]
        public void Integers_beyond_64_bits_are_out_of_range()
        {
            foreach (var value in new object[] { (ulong)long.MaxValue + 1, ulong.MaxValue, new BigInteger(long.MaxValue) + 1, new BigInteger(long.MinValue) - 1 })
            {
                var ex = Assert.Throws<SaeInputException>(() => SecretIdInput.ToSecretId(value));
                Assert.Equal(ErrorIds.SecretIdOutOfRange, ex.ErrorId);
            }
        }
    }
}
