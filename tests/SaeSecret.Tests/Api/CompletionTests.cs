using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>The completion cache: 60 s per key on an injected clock, only what was stored, bounded in size.</summary>
    public class CompletionCacheTests
    {
        private DateTime _now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private CompletionCache NewCache() => new CompletionCache(() => _now);

        private static IReadOnlyList<CompletionItem> Items(params string[] values) => values.Select(v => new CompletionItem(v, null)).ToList();

        [Fact]
        public void Keeps_an_answer_for_sixty_seconds_and_not_a_tick_longer()
        {
            var cache = NewCache();
            Assert.Equal(TimeSpan.FromSeconds(60), cache.Lifetime);
            cache.Set("k", Items("a", "b"));
            _now = _now.AddSeconds(59.999);
            Assert.True(cache.TryGet("k", out var items));
            Assert.Equal(new[] { "a", "b" }, items.Select(i => i.Value));
            _now = _now.AddMilliseconds(1);
            Assert.False(cache.TryGet("k", out items));
            Assert.Empty(items);
            Assert.Equal(0, cache.Count);
        }

        [Fact]
        public void Storing_again_restarts_the_minute()
        {
            var cache = NewCache();
            cache.Set("k", Items("old"));
            _now = _now.AddSeconds(50);
            cache.Set("k", Items("new"));
            _now = _now.AddSeconds(50);
            Assert.True(cache.TryGet("k", out var items));
            Assert.Equal("new", Assert.Single(items).Value);
        }

        [Fact]
        public void Keys_are_separate_and_exact()
        {
            var cache = NewCache();
            cache.Set("ListSecrets\ncn-beijing:test", Items("a"));
            Assert.False(cache.TryGet("ListSecrets\ncn-beijing:Test", out _));
            Assert.False(cache.TryGet("ListSecrets\ncn-beijing:test2", out _));
            Assert.True(cache.TryGet("ListSecrets\ncn-beijing:test", out _));
        }

        [Fact]
        public void An_empty_answer_is_an_answer()
        {
            var cache = NewCache();
            cache.Set("k", Items());
            Assert.True(cache.TryGet("k", out var items));
            Assert.Empty(items);
        }

        [Fact]
        public void Never_holds_more_than_its_limit_dropping_expired_entries_then_the_oldest()
        {
            var cache = NewCache();
            for (int i = 0; i < CompletionCache.MaxEntries; i++)
            {
                cache.Set("k" + i, Items("v"));
                _now = _now.AddMilliseconds(10);
            }
            Assert.Equal(CompletionCache.MaxEntries, cache.Count);
            cache.Set("one more", Items("v"));
            Assert.Equal(CompletionCache.MaxEntries, cache.Count);
            Assert.False(cache.TryGet("k0", out _));
            Assert.True(cache.TryGet("k1", out _));
            Assert.True(cache.TryGet("one more", out _));
            _now = _now.AddMinutes(5);
            cache.Set("later", Items("v"));
            Assert.Equal(1, cache.Count);
        }

        [Fact]
        public void A_description_defaults_to_the_value()
        {
            Assert.Equal("cn-beijing", new CompletionItem("cn-beijing", null).Description);
            Assert.Equal("cn-beijing", new CompletionItem("cn-beijing", string.Empty).Description);
            Assert.Equal("test (cn-beijing:test)", new CompletionItem("cn-beijing:test", "test (cn-beijing:test)").Description);
        }
    }

    /// <summary>How a completed id is written: bare when it reads back the same, otherwise quoted safely.</summary>
    public class CompletionTextTests
    {
        [Theory]
        [InlineData("cn-beijing", "cn-beijing")]
        [InlineData("cn-beijing:test", "cn-beijing:test")]
        [InlineData("app_config-2", "app_config-2")]
        [InlineData("with space", "'with space'")]
        [InlineData("it's", "'it''s'")]
        [InlineData("smart\u2019quote", "'smart\u2019\u2019quote'")]
        [InlineData("$(Remove-Item x)", "'$(Remove-Item x)'")]
        [InlineData("a;b", "'a;b'")]
        [InlineData("a,b", "'a,b'")]
        [InlineData("@splat", "'@splat'")]
        [InlineData("-Force", "'-Force'")]
        [InlineData("0x10", "'0x10'")]
        [InlineData("1kb", "'1kb'")]
        [InlineData(".5", "'.5'")]
        [InlineData("名前", "'名前'")]
        [InlineData("", "''")]
        public void Quotes_only_what_needs_it(string value, string expected)
        {
            Assert.Equal(expected, CompletionText.For(value, string.Empty));
        }

        [Theory]
        [InlineData("cn-beijing:test", "'cn", "'cn-beijing:test'")]
        [InlineData("it's", "'", "'it''s'")]
        [InlineData("cn-beijing:test", "\"cn", "\"cn-beijing:test\"")]
        [InlineData("a$b`c\"d", "\"", "\"a`$b``c`\"d\"")]
        [InlineData("a\u201Cb", "\u201C", "\"a`\u201Cb\"")]
        public void Keeps_the_quote_the_user_opened(string value, string typed, string expected)
        {
            Assert.Equal(expected, CompletionText.For(value, typed));
        }

        [Theory]
        [InlineData(null, "")]
        [InlineData("", "")]
        [InlineData("cn-bei", "cn-bei")]
        [InlineData("'cn-bei", "cn-bei")]
        [InlineData("'cn-bei'", "cn-bei")]
        [InlineData("\"cn-bei\"", "cn-bei")]
        [InlineData("\u2018cn\u2019", "cn")]
        [InlineData("'", "")]
        public void Reads_what_was_typed_without_its_quotes(string typed, string expected)
        {
            Assert.Equal(expected, CompletionText.Unquoted(typed));
        }
    }

    /// <summary>
    /// The live lookups behind completion: bounded in time, silent on failure, cached on success only, and scoped by
    /// what the command line says (region, namespace, endpoint, profile, key).
    /// </summary>
    [Collection("Environment")]
    public class ArgumentLookupTests
    {
        private static readonly Uri Endpoint = new Uri("https://sae.example.com/");
        private readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private readonly CompletionCache _cache = new CompletionCache();
        private readonly SaeClient _client;

        public ArgumentLookupTests()
        {
            _client = new SaeClient(new HttpClient(_handler), (wait, token) => Task.CompletedTask);
        }

        private static ArgumentLookupScope Scope(string region = "cn-beijing", string namespaceId = null, string keyId = "LookupKeyId") => new ArgumentLookupScope
        {
            Endpoint = Endpoint,
            RegionId = region,
            NamespaceId = namespaceId,
            Credentials = new StaticCredentialProvider(new AlibabaCloudCredential(keyId, "LookupKeySecret-1", null, null, "test key")),
            CredentialKey = keyId,
        };

        private const string NamespacesAnswer =
            "{\"RequestId\":\"N\",\"Code\":\"200\",\"Success\":true,\"Data\":[" +
            "{\"NamespaceId\":\"cn-beijing\",\"NamespaceName\":\"cn-beijing\",\"RegionId\":\"cn-beijing\"}," +
            "{\"NamespaceId\":\"cn-beijing:test\",\"NamespaceName\":\"test\",\"RegionId\":\"cn-beijing\"}," +
            "{\"NamespaceId\":\"cn-hangzhou:other\",\"NamespaceName\":\"other\",\"RegionId\":\"cn-hangzhou\"}]}";

        private const string SecretsAnswer =
            "{\"RequestId\":\"S\",\"Code\":\"200\",\"Success\":true,\"Data\":{\"Secrets\":[" +
            "{\"SecretId\":17,\"SecretName\":\"web-tls\",\"SecretType\":\"kubernetes.io/tls\",\"SecretData\":{\"tls.key\":\"TG9va3VwVmFsdWU=\"}}," +
            "{\"SecretId\":16,\"SecretName\":\"app-config\",\"SecretType\":\"Opaque\"}]}}";

        [Fact]
        public void Lists_the_namespaces_of_the_region_with_their_names()
        {
            _handler.ThenJson(HttpStatusCode.OK, NamespacesAnswer);
            var items = ArgumentLookup.Namespaces(Scope(), _cache, TimeSpan.FromSeconds(10), _client);
            Assert.Equal(new[] { "cn-beijing", "cn-beijing:test" }, items.Select(i => i.Value));
            Assert.Equal(new[] { "cn-beijing", "test (cn-beijing:test)" }, items.Select(i => i.Description));
            var request = Assert.Single(_handler.Requests);
            Assert.Equal("DescribeNamespaceList", request.Header("x-acs-action"));
        }

        [Fact]
        public void Lists_the_secret_names_of_the_namespace_sorted_never_with_a_value()
        {
            _handler.ThenJson(HttpStatusCode.OK, SecretsAnswer);
            var items = ArgumentLookup.SecretNames(Scope(namespaceId: "cn-beijing:test"), _cache, TimeSpan.FromSeconds(10), _client);
            Assert.Equal(new[] { "app-config", "web-tls" }, items.Select(i => i.Value));
            Assert.Equal("web-tls (kubernetes.io/tls, SecretId 17)", items[1].Description);
            Assert.DoesNotContain(items, i => i.Description.Contains("TG9va3VwVmFsdWU=", StringComparison.Ordinal) || i.Description.Contains("LookupValue", StringComparison.Ordinal));
            var request = Assert.Single(_handler.Requests);
            Assert.Equal("ListSecrets", request.Header("x-acs-action"));
            Assert.Contains("NamespaceId=cn-beijing%3Atest", request.Uri.Query, StringComparison.Ordinal);
        }

        [Fact]
        public void Secret_names_need_a_namespace()
        {
            Assert.Null(ArgumentLookup.SecretNames(Scope(namespaceId: null), _cache, TimeSpan.FromSeconds(10), _client));
            Assert.Null(ArgumentLookup.SecretNames(Scope(namespaceId: "not a namespace!"), _cache, TimeSpan.FromSeconds(10), _client));
            Assert.Empty(_handler.Requests);
        }

        [Fact]
        public void An_answer_is_reused_for_the_same_scope_only()
        {
            _handler.ThenJson(HttpStatusCode.OK, SecretsAnswer);
            ArgumentLookup.SecretNames(Scope(namespaceId: "cn-beijing:test"), _cache, TimeSpan.FromSeconds(10), _client);
            ArgumentLookup.SecretNames(Scope(namespaceId: "cn-beijing:test"), _cache, TimeSpan.FromSeconds(10), _client);
            Assert.Single(_handler.Requests);
            ArgumentLookup.SecretNames(Scope(namespaceId: "cn-beijing:other"), _cache, TimeSpan.FromSeconds(10), _client);
            ArgumentLookup.SecretNames(Scope(namespaceId: "cn-beijing:test", keyId: "AnotherKeyId"), _cache, TimeSpan.FromSeconds(10), _client);
            Assert.Equal(3, _handler.Requests.Count);
        }

        [Fact]
        public void A_failure_gives_null_and_is_not_cached()
        {
            _handler.ThenJson(HttpStatusCode.Forbidden, "{\"RequestId\":\"D\",\"Code\":\"Forbidden.RAM\",\"Message\":\"denied\"}")
                .ThenJson(HttpStatusCode.OK, NamespacesAnswer);
            Assert.Null(ArgumentLookup.Namespaces(Scope(), _cache, TimeSpan.FromSeconds(10), _client));
            Assert.Equal(2, ArgumentLookup.Namespaces(Scope(), _cache, TimeSpan.FromSeconds(10), _client).Count);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public void A_transient_failure_is_not_retried()
        {
            _handler.ThenJson(HttpStatusCode.ServiceUnavailable, "{\"RequestId\":\"U\",\"Code\":\"ServiceUnavailable\"}");
            Assert.Null(ArgumentLookup.Namespaces(Scope(), _cache, TimeSpan.FromSeconds(10), _client));
            Assert.Single(_handler.Requests);
        }

        [Fact]
        public void A_slow_endpoint_gives_null_once_the_budget_is_spent_and_the_call_is_cancelled()
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            // A first call that answers, so the slow one spends its budget waiting, not warming up.
            _handler.ThenJson(HttpStatusCode.OK, NamespacesAnswer).Then(async (request, token) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult(true);
                    throw;
                }
                return null;
            });
            Assert.NotNull(ArgumentLookup.Namespaces(Scope(region: "cn-hangzhou"), _cache, TimeSpan.FromSeconds(10), _client));
            var watch = Stopwatch.StartNew();
            Assert.Null(ArgumentLookup.Namespaces(Scope(), _cache, TimeSpan.FromSeconds(1), _client));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
            Assert.Equal(2, _handler.Requests.Count);
            Assert.True(cancelled.Task.Wait(TimeSpan.FromSeconds(20)), "the abandoned call was not cancelled");
            Assert.Equal(1, _cache.Count);
        }

        [Fact]
        public void No_region_means_no_lookup()
        {
            using (new EnvironmentScope().Set("ALIBABA_CLOUD_REGION_ID", null))
            {
                Assert.Null(ArgumentLookup.Namespaces(Scope(region: null), _cache, TimeSpan.FromSeconds(10), _client));
                Assert.Null(ArgumentLookup.Namespaces(Scope(region: "Not A Region"), _cache, TimeSpan.FromSeconds(10), _client));
            }
            Assert.Empty(_handler.Requests);
        }

        [Fact]
        public void Bounded_gives_the_result_or_null_and_never_throws()
        {
            Assert.Equal("done", ArgumentLookup.Bounded(token => Task.FromResult("done"), TimeSpan.FromSeconds(10)));
            Assert.Null(ArgumentLookup.Bounded<string>(token => throw new InvalidOperationException("boom"), TimeSpan.FromSeconds(10)));
            Assert.Null(ArgumentLookup.Bounded<string>(token => Task.FromException<string>(new CredentialsException("CredentialsNotFound", "none")), TimeSpan.FromSeconds(10)));
            Assert.Null(ArgumentLookup.Bounded<string>(async token => { await Task.Delay(Timeout.Infinite, token); return "late"; }, TimeSpan.FromMilliseconds(100)));
        }
    }
}
