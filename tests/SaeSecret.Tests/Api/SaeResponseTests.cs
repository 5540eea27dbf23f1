using SaeSecret.PowerShell.Api;
using Xunit;

namespace SaeSecret.Tests.Api
{
    public class SaeResponseTests
    {
        // The success sample of the UpdateSecret API reference (SecretId as a string).
        private const string DocumentedSuccess =
            "{\n  \"RequestId\": \"91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD\",\n  \"Message\": \"success\",\n  \"TraceId\": \"ac1a0b2215622246421415014e****\",\n" +
            "  \"Data\": {\n    \"SecretId\": \"16\"\n  },\n  \"Code\": \"200\",\n  \"Success\": true\n}";

        private static SaeResponse Parse(string body)
        {
            Assert.True(SaeResponse.TryParse(body, out var response), "the body was not accepted");
            Assert.NotNull(response);
            return response;
        }

        [Fact]
        public void Documented_success_sample()
        {
            var r = Parse(DocumentedSuccess);

            Assert.Equal("91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD", r.RequestId);
            Assert.Equal("ac1a0b2215622246421415014e****", r.TraceId);
            Assert.Equal("success", r.Message);
            Assert.Equal("200", r.Code);
            Assert.True(r.Success);
            Assert.True(r.HasData);
            Assert.Equal(16L, r.DataSecretId);
            Assert.Null(r.ErrorCode);
        }

        [Fact]
        public void SecretId_as_a_number()
        {
            var r = Parse("{\"RequestId\":\"r\",\"Data\":{\"SecretId\":9007199254740993},\"Code\":\"200\",\"Success\":true}");

            Assert.Equal(9007199254740993L, r.DataSecretId);
        }

        [Fact]
        public void Code_as_a_number_and_Success_as_text()
        {
            var r = Parse("{\"RequestId\":\"r\",\"Data\":{\"SecretId\":16},\"Code\":200,\"Success\":\"true\"}");

            Assert.Equal("200", r.Code);
            Assert.True(r.Success);
        }

        [Fact]
        public void Data_without_SecretId_or_with_garbage_SecretId()
        {
            var empty = Parse("{\"Data\":{}}");
            Assert.True(empty.HasData);
            Assert.Null(empty.DataSecretId);

            var text = Parse("{\"Data\":{\"SecretId\":\"sixteen\"}}");
            Assert.True(text.HasData);
            Assert.Null(text.DataSecretId);
        }

        [Theory]
        [InlineData("99999999999999999999")]
        [InlineData("-99999999999999999999")]
        public void SecretId_outside_the_64_bit_range_does_not_throw(string secretId)
        {
            SaeResponse response = null;
            bool parsed = false;

            var thrown = Record.Exception(() => parsed = SaeResponse.TryParse("{\"Data\":{\"SecretId\":" + secretId + "},\"Success\":true}", out response));

            Assert.Null(thrown);
            Assert.True(parsed, "a JSON object was rejected");
            Assert.True(response.HasData);
            Assert.Null(response.DataSecretId);
        }

        [Fact]
        public void Data_that_is_null_or_not_an_object_is_no_data()
        {
            Assert.False(Parse("{\"Data\":null,\"Success\":true}").HasData);
            Assert.False(Parse("{\"Data\":\"16\",\"Success\":true}").HasData);
            Assert.False(Parse("{\"Success\":true}").HasData);
        }

        [Fact]
        public void Gateway_error_shape()
        {
            var r = Parse("{\"RequestId\":\"5C4B6AF6-0A1C-4F2B-8E38-2C1F7C1E6A10\",\"HostId\":\"sae.cn-beijing.aliyuncs.com\"," +
                          "\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"Specified signature does not match our calculation.\"," +
                          "\"Recommend\":\"https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=sae\"}");

            Assert.Equal("5C4B6AF6-0A1C-4F2B-8E38-2C1F7C1E6A10", r.RequestId);
            Assert.Equal("sae.cn-beijing.aliyuncs.com", r.HostId);
            Assert.Equal("SignatureDoesNotMatch", r.Code);
            Assert.Equal("SignatureDoesNotMatch", r.EffectiveErrorCode);
            Assert.Equal("Specified signature does not match our calculation.", r.Message);
            Assert.Equal("https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=sae", r.Recommend);
            Assert.Null(r.Success);
            Assert.False(r.HasData);
        }

        [Fact]
        public void Sae_error_with_ErrorCode()
        {
            var r = Parse("{\"RequestId\":\"r-1\",\"Code\":\"InvalidParameter\",\"Message\":\"The secret does not exist.\"," +
                          "\"ErrorCode\":\"InvalidSecretId.NotFound\",\"Success\":false,\"TraceId\":\"t-1\"}");

            Assert.Equal("InvalidParameter", r.Code);
            Assert.Equal("InvalidSecretId.NotFound", r.ErrorCode);
            Assert.Equal("InvalidSecretId.NotFound", r.EffectiveErrorCode);
            Assert.False(r.Success);
            Assert.Equal("t-1", r.TraceId);
        }

        [Fact]
        public void Empty_ErrorCode_falls_back_to_Code()
        {
            Assert.Equal("Throttling.User", Parse("{\"Code\":\"Throttling.User\",\"ErrorCode\":\"\"}").EffectiveErrorCode);
            Assert.Equal("Throttling.User", Parse("{\"Code\":\"Throttling.User\",\"ErrorCode\":null}").EffectiveErrorCode);
        }

        [Fact]
        public void Date_like_text_is_kept_as_sent()
        {
            var r = Parse("{\"RequestId\":\"2026-11-27T08:00:00Z\",\"Message\":\"2026-11-27T08:00:00.000+08:00\"}");

            Assert.Equal("2026-11-27T08:00:00Z", r.RequestId);
            Assert.Equal("2026-11-27T08:00:00.000+08:00", r.Message);
        }

        [Fact]
        public void Trailing_whitespace_is_fine()
        {
            Parse("{\"RequestId\":\"r\"}\r\n  \n");
        }

        [Theory]
        [InlineData("")]
        [InlineData(null)]
        [InlineData("   \r\n\t")]
        [InlineData("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>")]
        [InlineData("<!DOCTYPE html>\n<html></html>")]
        [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>ServiceUnavailable</Code></Error>")]
        [InlineData("{\"RequestId\":\"r\",\"Data\":{\"SecretId\":")]
        [InlineData("{\"RequestId\":\"r\"")]
        [InlineData("{")]
        [InlineData("[{\"RequestId\":\"r\"}]")]
        [InlineData("[]")]
        [InlineData("\"just a string\"")]
        [InlineData("200")]
        [InlineData("null")]
        [InlineData("{\"RequestId\":\"r\"} garbage")]
        [InlineData("{\"RequestId\":\"r\"}{\"RequestId\":\"s\"}")]
        [InlineData("{\"RequestId\":\"r\"}}")]
        [InlineData("{\"RequestId\":\"r\"}[1]")]
        [InlineData("Service Unavailable")]
        public void Anything_but_one_json_object_is_rejected_without_an_exception(string body)
        {
            bool parsed = SaeResponse.TryParse(body, out var response);

            Assert.False(parsed);
            Assert.Null(response);
        }

        [Fact]
        public void A_comment_after_the_object_is_accepted()
        {
            var r = Parse("{\"RequestId\":\"r\",\"Code\":\"200\"} /* trailing */");

            Assert.Equal("r", r.RequestId);
        }

        [Theory]
        [InlineData("{\"RequestId\":\"r\"} {\"RequestId\":\"s\"}")]
        [InlineData("{\"RequestId\":\"r\"} 1")]
        [InlineData("{\"RequestId\":\"r\"} []")]
        public void A_second_value_after_the_object_is_not_one_answer(string body)
        {
            Assert.False(SaeResponse.TryParse(body, out var response));
            Assert.Null(response);
        }

        [Fact]
        public void A_message_that_is_an_object_is_kept_as_compact_json()
        {
            var r = Parse("{\"RequestId\":\"r\",\"Message\":{\"Detail\":\"bad\"},\"Code\":[1,2]}");

            Assert.Equal("{\"Detail\":\"bad\"}", r.Message);
            Assert.Equal("[1,2]", r.Code);
        }

        [Theory]
        [InlineData("16.0")]
        [InlineData("true")]
        [InlineData("{\"Id\":16}")]
        [InlineData("[16]")]
        public void A_SecretId_that_is_neither_an_integer_nor_its_text_is_not_read(string secretIdJson)
        {
            var r = Parse("{\"RequestId\":\"r\",\"Data\":{\"SecretId\":" + secretIdJson + "},\"Code\":\"200\",\"Success\":true}");

            Assert.True(r.HasData);
            Assert.Null(r.DataSecretId);
        }
    }
}
