using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Signing
{
    public class Acs3SignerTests
    {
        private const string KeyId = "TestKeyId";
        private const string KeySecret = "TestKeySecret-abc";

        public static IEnumerable<object[]> VectorNames() =>
            SignatureVectors.All.Select(v => new object[] { (string)v["name"] });

        public static IEnumerable<object[]> Sha256Table() =>
            ((JObject)SignatureVectors.Root["sha256"]).Properties().Select(p => new object[] { p.Name, (string)p.Value });

        private static Acs3Signature SignVector(JObject v) =>
            Acs3Signer.Sign(
                (string)v["method"],
                (string)v["path"],
                SignatureVectors.Pairs(v["query"]),
                SignatureVectors.Pairs(v["headers"]),
                Hex.Sha256(Encoding.UTF8.GetBytes((string)v["body"] ?? string.Empty)),
                (string)v["accessKeyId"],
                (string)v["accessKeySecret"]);

        private static KeyValuePair<string, string> H(string name, string value) => new KeyValuePair<string, string>(name, value);

        private static readonly KeyValuePair<string, string>[] MinimalHeaders =
        {
            H("host", "sae.cn-beijing.aliyuncs.com"),
            H("x-acs-action", "UpdateSecret"),
            H("x-acs-date", "2026-11-27T08:00:00Z"),
        };

        [Fact]
        public void The_vector_file_has_vectors_to_check()
        {
            Assert.True(VectorNames().Count() >= 4, "expected at least the four shipped vectors");
            Assert.Equal(VectorNames().Count(), VectorNames().Select(n => (string)n[0]).Distinct().Count());
        }

        [Theory]
        [MemberData(nameof(VectorNames))]
        public void Sign_reproduces_the_vector_authorization(string name)
        {
            var v = SignatureVectors.Named(name);

            var signature = SignVector(v);

            Assert.Equal((string)v["authorization"], signature.Authorization);
            if (v["hashedCanonicalRequest"] is JValue hashed && hashed.Type == JTokenType.String)
            {
                Assert.Equal((string)hashed, signature.HashedCanonicalRequest);
            }
        }

        [Theory]
        [MemberData(nameof(VectorNames))]
        public void Vector_content_sha256_header_is_the_hash_of_its_body(string name)
        {
            var v = SignatureVectors.Named(name);
            var header = SignatureVectors.Pairs(v["headers"]).Single(h => h.Key == "x-acs-content-sha256").Value;

            Assert.Equal(header, Hex.Sha256(Encoding.UTF8.GetBytes((string)v["body"] ?? string.Empty)));
        }

        [Theory]
        [MemberData(nameof(VectorNames))]
        public void Signature_is_lower_case_hex_of_an_hmac_sha256(string name)
        {
            var signature = SignVector(SignatureVectors.Named(name));

            Assert.Matches("^[0-9a-f]{64}$", signature.Signature);
            Assert.EndsWith(",Signature=" + signature.Signature, signature.Authorization);
            Assert.Equal("ACS3-HMAC-SHA256\n" + signature.HashedCanonicalRequest, signature.StringToSign);
        }

        [Theory]
        [MemberData(nameof(Sha256Table))]
        public void Sha256_matches_the_table(string input, string expected)
        {
            Assert.Equal(expected, Hex.Sha256(input));
            Assert.Equal(expected, Hex.Sha256(Encoding.UTF8.GetBytes(input)));
        }

        [Fact]
        public void Sha256_of_nothing_is_the_empty_hash()
        {
            Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex.EmptySha256);
            Assert.Equal(Hex.EmptySha256, Hex.Sha256(Array.Empty<byte>()));
            Assert.Equal(Hex.EmptySha256, Hex.Sha256((byte[])null));
            Assert.Equal(Hex.EmptySha256, Hex.Sha256((string)null));
        }

        [Fact]
        public void Canonical_request_has_an_empty_line_after_the_headers()
        {
            var signature = Acs3Signer.Sign("PUT", "/pop/v1/sam/secret/secret", null, MinimalHeaders, Hex.EmptySha256, KeyId, KeySecret);

            var lines = signature.CanonicalRequest.Split('\n');
            Assert.Equal(new[]
            {
                "PUT",
                "/pop/v1/sam/secret/secret",
                "",
                "host:sae.cn-beijing.aliyuncs.com",
                "x-acs-action:UpdateSecret",
                "x-acs-date:2026-11-27T08:00:00Z",
                "",
                "host;x-acs-action;x-acs-date",
                Hex.EmptySha256,
            }, lines);
        }

        [Fact]
        public void Header_names_are_lower_cased_values_trimmed_and_sorted()
        {
            var headers = new[]
            {
                H("X-Acs-Date", "  2026-11-27T08:00:00Z "),
                H("Host", "sae.cn-beijing.aliyuncs.com"),
                H("Content-Type", "application/json; charset=utf-8"),
            };

            var signature = Acs3Signer.Sign("put", "/", null, headers, Hex.EmptySha256, KeyId, KeySecret);

            Assert.Equal("content-type;host;x-acs-date", signature.SignedHeaders);
            Assert.StartsWith("PUT\n", signature.CanonicalRequest);
            Assert.Contains("\ncontent-type:application/json; charset=utf-8\nhost:sae.cn-beijing.aliyuncs.com\nx-acs-date:2026-11-27T08:00:00Z\n\n",
                signature.CanonicalRequest);
            Assert.Contains(",SignedHeaders=content-type;host;x-acs-date,", signature.Authorization);
        }

        [Fact]
        public void Empty_path_is_signed_as_slash()
        {
            var signature = Acs3Signer.Sign("GET", "", null, MinimalHeaders, null, KeyId, KeySecret);

            Assert.StartsWith("GET\n/\n", signature.CanonicalRequest);
            Assert.EndsWith("\n" + Hex.EmptySha256, signature.CanonicalRequest);
        }

        [Theory]
        [InlineData("host", "Host")]
        [InlineData("x-acs-date", "x-acs-date")]
        [InlineData("x-acs-action", " X-ACS-ACTION ")]
        public void A_header_given_twice_throws(string first, string second)
        {
            var headers = new[] { H(first, "a"), H(second, "b"), H("x-acs-version", "2019-05-06") };

            var ex = Assert.Throws<ArgumentException>(() => Acs3Signer.Sign("PUT", "/", null, headers, null, KeyId, KeySecret));
            Assert.Contains("twice", ex.Message);
        }

        [Fact]
        public void Empty_query_gives_an_empty_canonical_query_line()
        {
            var withEmpty = Acs3Signer.Sign("PUT", "/x", new KeyValuePair<string, string>[0], MinimalHeaders, null, KeyId, KeySecret);
            var withNull = Acs3Signer.Sign("PUT", "/x", null, MinimalHeaders, null, KeyId, KeySecret);

            Assert.Equal("", withEmpty.CanonicalRequest.Split('\n')[2]);
            Assert.Equal(withEmpty.Authorization, withNull.Authorization);
            Assert.Equal("", Acs3Signer.CanonicalQueryString(new KeyValuePair<string, string>[0]));
            Assert.Equal("", Acs3Signer.CanonicalQueryString(null));
        }

        [Fact]
        public void Empty_query_value_gives_name_equals()
        {
            var query = new[] { H("b", ""), H("a", null), H("c", "1") };

            Assert.Equal("a=&b=&c=1", Acs3Signer.CanonicalQueryString(query));
            var signature = Acs3Signer.Sign("PUT", "/", query, MinimalHeaders, null, KeyId, KeySecret);
            Assert.Equal("a=&b=&c=1", signature.CanonicalRequest.Split('\n')[2]);
        }

        [Fact]
        public void Query_is_sorted_by_ordinal_name_and_percent_encoded()
        {
            var query = new[]
            {
                H("b", "2"), H("a", "x y"), H("_", "3"), H("B", "1"), H("SecretId", "16"), H("NamespaceId", "cn-beijing:test"),
            };

            Assert.Equal("B=1&NamespaceId=cn-beijing%3Atest&SecretId=16&_=3&a=x%20y&b=2", Acs3Signer.CanonicalQueryString(query));
        }

        [Fact]
        public void Query_order_does_not_change_the_signature()
        {
            var forward = new[] { H("NamespaceId", "cn-beijing:test"), H("SecretId", "16") };
            var backward = forward.Reverse().ToArray();

            Assert.Equal(
                Acs3Signer.Sign("PUT", "/", forward, MinimalHeaders, null, KeyId, KeySecret).Authorization,
                Acs3Signer.Sign("PUT", "/", backward, MinimalHeaders, null, KeyId, KeySecret).Authorization);
        }

        [Fact]
        public void Every_signed_part_changes_the_signature()
        {
            var query = new[] { H("SecretId", "16") };
            string Sig(string method = "PUT", string path = "/p", KeyValuePair<string, string>[] q = null,
                       KeyValuePair<string, string>[] headers = null, string hash = null, string secret = KeySecret) =>
                Acs3Signer.Sign(method, path, q ?? query, headers ?? MinimalHeaders, hash ?? Hex.EmptySha256, KeyId, secret).Signature;

            var baseline = Sig();
            Assert.NotEqual(baseline, Sig(method: "POST"));
            Assert.NotEqual(baseline, Sig(path: "/q"));
            Assert.NotEqual(baseline, Sig(q: new[] { H("SecretId", "17") }));
            Assert.NotEqual(baseline, Sig(headers: MinimalHeaders.Take(2).Append(H("x-acs-date", "2026-11-27T08:00:01Z")).ToArray()));
            Assert.NotEqual(baseline, Sig(hash: Hex.Sha256("body")));
            Assert.NotEqual(baseline, Sig(secret: "TestKeySecret-abd"));
        }

        [Fact]
        public void Signature_object_does_not_carry_the_key_secret()
        {
            var signature = Acs3Signer.Sign("PUT", "/", null, MinimalHeaders, null, KeyId, KeySecret);

            foreach (var text in new[] { signature.CanonicalRequest, signature.StringToSign, signature.Authorization, signature.ToString() })
            {
                SecretAssert.DoesNotLeak(text, KeySecret, "a signature part");
            }
        }

        [Fact]
        public void Missing_key_id_or_secret_is_rejected()
        {
            Assert.Throws<ArgumentException>(() => Acs3Signer.Sign("PUT", "/", null, MinimalHeaders, null, "", KeySecret));
            Assert.Throws<ArgumentNullException>(() => Acs3Signer.Sign("PUT", "/", null, MinimalHeaders, null, KeyId, null));
            Assert.Throws<ArgumentException>(() => Acs3Signer.Sign("", "/", null, MinimalHeaders, null, KeyId, KeySecret));
        }

        [Fact]
        public void A_missing_secret_is_named_in_the_exception()
        {
            var ex = Assert.Throws<ArgumentNullException>(() => Acs3Signer.Sign("PUT", "/", null, MinimalHeaders, null, KeyId, null));
            Assert.Equal("accessKeySecret", ex.ParamName);
        }

        [Fact]
        public void Query_pairs_with_the_same_name_are_sorted_by_value()
        {
            var query = new[] { H("tag", "b"), H("tag", "a"), H("x", "1"), H("Tag", "c") };

            Assert.Equal("Tag=c&tag=a&tag=b&x=1", Acs3Signer.CanonicalQueryString(query));
            Assert.Equal("tag=a&tag=b", Acs3Signer.CanonicalQueryString(new[] { H("tag", "b"), H("tag", "a") }));
            var signature = Acs3Signer.Sign("GET", "/", query, MinimalHeaders, null, KeyId, KeySecret);
            Assert.Equal("Tag=c&tag=a&tag=b&x=1", signature.CanonicalRequest.Split('\n')[2]);
        }

        [Theory]
        [InlineData("HOST", "host")]
        [InlineData("x-Acs-action", "x-acs-action")]
        [InlineData("x-acs-Zone", "x-acs-zone")]
        [InlineData("X-ACS-DATE", "x-acs-date")]
        public void A_header_name_with_any_capital_letter_is_signed_lower_cased(string given, string lower)
        {
            var asGiven = Acs3Signer.Sign("PUT", "/", null, new[] { H(given, "v") }, null, KeyId, KeySecret);
            var asLower = Acs3Signer.Sign("PUT", "/", null, new[] { H(lower, "v") }, null, KeyId, KeySecret);

            Assert.Equal(lower, asGiven.SignedHeaders);
            Assert.Contains("\n" + lower + ":v\n", asGiven.CanonicalRequest);
            Assert.Equal(asLower.Authorization, asGiven.Authorization);
        }

        [Theory]
        [InlineData(1500)]
        [InlineData(3000)]
        [InlineData(7000)]
        public void A_long_request_is_signed_over_its_whole_canonical_text(int valueLength)
        {
            // A fresh thread starts with the per-thread buffers at their initial size, so a long request makes them grow.
            var query = new[] { H("Long", new string('v', valueLength - 1) + "\u00e9"), H("SecretId", "16") };
            var headers = MinimalHeaders.Append(H("x-acs-note", new string('n', valueLength))).ToArray();
            Acs3Signature first = null, second = null;
            Exception failure = null;
            var thread = new System.Threading.Thread(() =>
            {
                try
                {
                    first = Acs3Signer.Sign("PUT", "/p", query, headers, null, KeyId, KeySecret);
                    second = Acs3Signer.Sign("PUT", "/p", query, headers, null, KeyId, KeySecret);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            });
            thread.Start();
            thread.Join();

            Assert.Null(failure);
            Assert.Equal("PUT\n/p\nLong=" + new string('v', valueLength - 1) + "%C3%A9&SecretId=16\n", first.CanonicalRequest.Substring(0, valueLength + 30));
            Assert.Contains("\nx-acs-note:" + new string('n', valueLength) + "\n", first.CanonicalRequest);
            using (var sha = System.Security.Cryptography.SHA256.Create())
            using (var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(KeySecret)))
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(first.CanonicalRequest));
                Assert.Equal(Convert.ToHexString(hash).ToLowerInvariant(), first.HashedCanonicalRequest);
                var mac = hmac.ComputeHash(Encoding.UTF8.GetBytes("ACS3-HMAC-SHA256\n" + first.HashedCanonicalRequest));
                Assert.Equal(Convert.ToHexString(mac).ToLowerInvariant(), first.Signature);
            }
            Assert.Equal(first.Authorization, second.Authorization);
        }
    }
}
