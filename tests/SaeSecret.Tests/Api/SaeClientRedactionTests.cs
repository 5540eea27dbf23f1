using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// No secret value, key secret or token shows where it should not: the URL, the headers, the result, an echoing
    /// service's message, the verbose lines.
    /// </summary>
    public class SaeClientRedactionTests : SaeClientTestBase
    {
        [Fact]
        public async Task No_secret_value_or_key_secret_goes_into_the_url_or_headers()
        {
            _handler.ThenSuccess();
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue));

            await Update(credential: StsKey);

            var r = Assert.Single(_handler.Requests);
            var url = r.Uri.AbsoluteUri;
            foreach (var leak in new[] { SecretValue, base64, AcsPercentEncoder.Encode(base64), KeySecret })
            {
                SecretAssert.DoesNotLeak(url, leak, "the URL");
                foreach (var header in r.Headers) SecretAssert.DoesNotLeak(header.Value, leak, "header " + header.Key);
            }
        }

        [Fact]
        public async Task Result_ToString_has_no_secret()
        {
            _handler.ThenSuccess();

            var result = await Update();

            SecretAssert.DoesNotLeak(result.ToString(), SecretValue, "result text");
            Assert.Contains("cn-beijing:test/16", result.ToString());
        }

        [Fact]
        public async Task Service_message_echoing_secrets_is_redacted()
        {
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue));
            var echo = "Invalid SecretData {\"password\":\"" + base64 + "\"}: value " + SecretValue +
                       " rejected; key secret " + KeySecret + "; token " + StsToken + ".";
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorBody("InvalidParameter.WithMessage", echo));

            var ex = await Fails(credential: StsKey);

            Assert.Equal("InvalidParameter.WithMessage", ex.ErrorCode);
            Assert.Contains("Invalid SecretData", ex.Message);
            foreach (var leak in new[] { SecretValue, base64, KeySecret, StsToken })
            {
                SecretAssert.DoesNotLeak(ex.Message, leak, "exception message");
                SecretAssert.DoesNotLeak(ex.ServiceMessage, leak, "ServiceMessage");
                SecretAssert.DoesNotLeak(ex.ToString(), leak, "exception text");
            }
        }

        [Fact]
        public async Task Base64Encoded_value_echoed_by_the_service_is_redacted()
        {
            const string plain = "Another-Secret-9";
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(plain));
            var data = SecretDataEncoder.Encode(new[] { new KeyValuePair<string, object>("token", base64) }, true);
            _handler.ThenJson(HttpStatusCode.BadRequest, ErrorBody("InvalidParameter.WithMessage", "bad value " + base64 + " / " + plain));

            var ex = await Fails(data: data);

            SecretAssert.DoesNotLeak(ex.Message, base64, "exception message");
            SecretAssert.DoesNotLeak(ex.Message, plain, "exception message");
        }

        [Fact]
        public async Task Verbose_retry_messages_carry_no_secret()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, ErrorBody("ServiceUnavailable", "echo " + SecretValue + " " + KeySecret)).ThenSuccess();

            await Update(credential: StsKey);

            Assert.NotEmpty(_verbose);
            foreach (var line in _verbose)
            {
                foreach (var leak in new[] { SecretValue, KeySecret, StsToken }) SecretAssert.DoesNotLeak(line, leak, "verbose line");
            }
        }
    }

    /// <summary>Every SaeClientRedactionTests test again, on the synchronous transport PowerShell 7 cmdlets use.</summary>
    public class SaeClientRedactionSynchronousTests : SaeClientRedactionTests
    {
        protected override bool Synchronous => true;
    }
}
