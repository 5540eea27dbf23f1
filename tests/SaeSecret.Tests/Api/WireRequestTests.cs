using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>The URL, query and body one operation goes out with, and how its query is cut from messages.</summary>
    public class WireRequestTests
    {
        private static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");
        private const string Path = "/pop/v1/sam/secret/secret";

        private static SaeOperation<int> Operation(IReadOnlyList<KeyValuePair<string, string>> query, EncodedSecretData data) =>
            new SaeOperation<int>(Endpoint, HttpMethod.Put, Path, "UpdateSecret", "cn-beijing:test/16", query, r => 0) { SecretData = data };

        private static EncodedSecretData Data() =>
            new EncodedSecretData(new[] { "k" }, new[] { "dg==" }, Encoding.UTF8.GetBytes("{\"Data\":{\"k\":\"dg==\"}}"));

        private static KeyValuePair<string, string>[] SomeQuery() => new[]
        {
            new KeyValuePair<string, string>("NamespaceId", "cn-beijing:test"),
            new KeyValuePair<string, string>("SecretId", "16"),
        };

        [Fact]
        public void An_operation_without_query_goes_to_the_bare_path_with_its_body()
        {
            var data = Data();

            var wire = WireRequest.For(Operation(Array.Empty<KeyValuePair<string, string>>(), data), SecretDataLocation.Body);

            Assert.Equal(new Uri(Endpoint, Path), wire.Url);
            Assert.Equal(string.Empty, wire.Url.Query);
            Assert.Empty(wire.Query);
            Assert.Equal(SecretDataLocation.Body, wire.Location);
            Assert.Same(data.Body, wire.Body);
            Assert.Equal(Hex.Sha256(data.Body), wire.PayloadHash);
        }

        [Fact]
        public void Without_a_query_no_message_quotes_it()
        {
            var wire = WireRequest.For(Operation(Array.Empty<KeyValuePair<string, string>>(), null), SecretDataLocation.Body);

            Assert.False(wire.Quotes(new HttpRequestException("Error while copying content to a stream: ?")));
        }

        [Fact]
        public void Without_a_query_Scrub_returns_the_text_itself()
        {
            var wire = WireRequest.For(Operation(Array.Empty<KeyValuePair<string, string>>(), null), SecretDataLocation.Body);
            var text = "The request to " + Path + " failed.";

            Assert.Same(text, wire.Scrub(text));
        }

        [Fact]
        public void Messages_that_do_not_mention_the_query_do_not_quote_it()
        {
            var wire = WireRequest.For(Operation(SomeQuery(), Data()), SecretDataLocation.Query);

            Assert.False(wire.Quotes(new HttpRequestException("The SSL connection could not be established.", new IOException("Connection reset by peer."))));
        }

        [Fact]
        public void An_inner_message_that_mentions_the_query_quotes_it()
        {
            var wire = WireRequest.For(Operation(SomeQuery(), Data()), SecretDataLocation.Query);

            Assert.True(wire.Quotes(new HttpRequestException("Request failed.", new IOException("Bad request line " + wire.Url.PathAndQuery))));
        }

        [Fact]
        public void A_message_that_begins_with_the_query_has_it_cut_out()
        {
            var wire = WireRequest.For(Operation(SomeQuery(), null), SecretDataLocation.Query);

            Assert.Equal("?… was rejected", wire.Scrub(wire.Url.Query + " was rejected"));
        }
    }
}
