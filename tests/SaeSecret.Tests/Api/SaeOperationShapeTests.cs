using System.Collections.Generic;
using System.Net.Http;
using SaeSecret.PowerShell.Api;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>
    /// The six SAE secret APIs as operations, as data: method, path, action, target, query, and whether a resend is safe
    /// (PROTOCOL.md §1–§2).
    /// </summary>
    public class SaeOperationShapeTests : SaeOperationTestBase
    {
        [Fact]
        public void Paths_are_the_documented_ones()
        {
            Assert.Equal("/pop/v1/sam/secret/secret", SaeOperations.SecretPath);
            Assert.Equal("/pop/v1/sam/secret/secrets", SaeOperations.SecretsPath);
            Assert.Equal("/pop/v1/sam/namespace/describeNamespaceList", SaeOperations.NamespacesPath);
        }

        [Fact]
        public void UpdateSecret_is_an_idempotent_PUT_carrying_SecretData()
        {
            var data = Data();
            var op = SaeOperations.UpdateSecret(Endpoint, Namespace, 16, data);

            Assert.Same(Endpoint, op.Endpoint);
            Assert.Equal(HttpMethod.Put, op.Method);
            Assert.Equal(SaeOperations.SecretPath, op.Path);
            Assert.Equal("UpdateSecret", op.Action);
            Assert.Equal("cn-beijing:test/16", op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace), P("SecretId", "16") }, op.Query);
            Assert.Same(data, op.SecretData);
            Assert.True(op.Idempotent);
        }

        [Fact]
        public void ListSecrets_is_an_idempotent_GET_by_namespace()
        {
            var op = List();

            Assert.Equal(HttpMethod.Get, op.Method);
            Assert.Equal(SaeOperations.SecretsPath, op.Path);
            Assert.Equal("ListSecrets", op.Action);
            Assert.Equal(Namespace, op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace) }, op.Query);
            Assert.Null(op.SecretData);
            Assert.True(op.Idempotent);
        }

        [Fact]
        public void DescribeSecret_is_an_idempotent_GET_by_id()
        {
            var op = Describe(1000000000);

            Assert.Equal(HttpMethod.Get, op.Method);
            Assert.Equal(SaeOperations.SecretPath, op.Path);
            Assert.Equal("DescribeSecret", op.Action);
            Assert.Equal("cn-beijing:test/1000000000", op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace), P("SecretId", "1000000000") }, op.Query);
            Assert.Null(op.SecretData);
            Assert.True(op.Idempotent);
        }

        [Fact]
        public void CreateSecret_is_a_POST_by_name_and_type_that_is_not_idempotent()
        {
            var data = Data();
            var op = SaeOperations.CreateSecret(Endpoint, Namespace, "db-cred", "kubernetes.io/tls", data);

            Assert.Equal(HttpMethod.Post, op.Method);
            Assert.Equal(SaeOperations.SecretPath, op.Path);
            Assert.Equal("CreateSecret", op.Action);
            Assert.Equal("cn-beijing:test/db-cred", op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace), P("SecretName", "db-cred"), P("SecretType", "kubernetes.io/tls") }, op.Query);
            Assert.Same(data, op.SecretData);
            Assert.False(op.Idempotent);
        }

        [Fact]
        public void DeleteSecret_is_an_idempotent_DELETE_by_id()
        {
            var op = Delete(17);

            Assert.Equal(HttpMethod.Delete, op.Method);
            Assert.Equal(SaeOperations.SecretPath, op.Path);
            Assert.Equal("DeleteSecret", op.Action);
            Assert.Equal("cn-beijing:test/17", op.Target);
            Assert.Equal(new[] { P("NamespaceId", Namespace), P("SecretId", "17") }, op.Query);
            Assert.Null(op.SecretData);
            Assert.True(op.Idempotent);
        }

        [Fact]
        public void DescribeNamespaceList_is_an_idempotent_GET_with_ContainCustom()
        {
            var op = Namespaces("cn-hangzhou");

            Assert.Equal(HttpMethod.Get, op.Method);
            Assert.Equal(SaeOperations.NamespacesPath, op.Path);
            Assert.Equal("DescribeNamespaceList", op.Action);
            Assert.Equal("cn-hangzhou", op.Target);
            Assert.Equal(new[] { P("ContainCustom", "true") }, op.Query);
            Assert.Null(op.SecretData);
            Assert.True(op.Idempotent);
        }

        private static KeyValuePair<string, string> P(string name, string value) => new KeyValuePair<string, string>(name, value);
    }
}
