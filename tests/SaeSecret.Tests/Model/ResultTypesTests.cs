using System;
using System.IO;
using Xunit;

namespace SaeSecret.Tests.Model
{
    /// <summary>How the user-facing result and error types print.</summary>
    public class ResultTypesTests
    {
        [Fact]
        public void SecretIdentity_prints_namespace_and_secret_id()
        {
            var identity = new SecretIdentity("cn-beijing:test", 16);

            Assert.Equal("cn-beijing:test", identity.NamespaceId);
            Assert.Equal(16L, identity.SecretId);
            Assert.Equal("cn-beijing:test/16", identity.ToString());
        }

        [Fact]
        public void UpdateSecretResult_prints_how_many_keys_were_written()
        {
            var result = new UpdateSecretResult { NamespaceId = "cn-beijing:test", SecretId = 16, Keys = new[] { "user", "password" }, RequestId = "req-1" };

            Assert.Equal("cn-beijing:test/16 (2 keys, RequestId req-1)", result.ToString());
        }

        [Fact]
        public void UpdateSecretResult_without_keys_prints_zero_keys()
        {
            var result = new UpdateSecretResult { NamespaceId = "cn-beijing:test", SecretId = 16, RequestId = "req-1" };

            Assert.Equal("cn-beijing:test/16 (0 keys, RequestId req-1)", result.ToString());
        }

        [Fact]
        public void SaeServiceException_prints_the_inner_exception_type_but_not_its_message()
        {
            var ex = new SaeServiceException("ConnectionFailed", "Could not reach the endpoint.", new IOException("inner detail"));

            Assert.Equal("SaeSecret.SaeServiceException: Could not reach the endpoint. ---> System.IO.IOException", ex.ToString());
        }

        [Fact]
        public void SaeServiceException_without_inner_exception_prints_type_and_message()
        {
            var ex = new SaeServiceException("Throttling", "Too many requests.");

            Assert.Equal("SaeSecret.SaeServiceException: Too many requests.", ex.ToString());
        }
    }
}
