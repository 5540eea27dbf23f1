using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;
using SaeSecret.Tests.Support;
using Xunit;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests.Api
{
    /// <summary>Where SecretData travels: the body first, the query when an endpoint says the body was not read.</summary>
    public class SecretDataPlacementTests
    {
        private const string SecretValue = "Placement-Secret-Value-93";
        private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        private static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");

        private readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private readonly List<string> _verbose = new List<string>();
        private string _forced;
        private readonly SecretDataPlacement _placement;

        public SecretDataPlacementTests()
        {
            _placement = new SecretDataPlacement(() => _forced);
        }

        private SaeClient NewClient(FakeSaeHandler handler = null) => TestClients.Recording(handler ?? _handler, _delays, false, _placement);

        private static EncodedSecretData Data() => TestSecretData.Plain(("password", SecretValue), ("user.name", "a+b/c=d~e f"));

        private static string DataText(EncodedSecretData data) => Encoding.UTF8.GetString(data.Body);

        private Task<UpdateSecretResult> Update(SaeClient client = null, Uri endpoint = null, EncodedSecretData data = null, int maxRetries = 3) =>
            (client ?? NewClient()).SendAsync(
                SaeOperations.UpdateSecret(endpoint ?? Endpoint, "cn-beijing:test", 16, data ?? Data()),
                TestKeys.Provider(),
                TestClients.Retry(maxRetries),
                TestClients.CollectInto(_verbose),
                CancellationToken.None);

        private static string Error(string code, string message, bool asErrorCode) =>
            asErrorCode
                ? "{\"RequestId\":\"R-1\",\"Code\":\"" + code + "\",\"ErrorCode\":\"" + code + "\",\"Message\":\"" + message + "\",\"Success\":false}"
                : "{\"RequestId\":\"R-1\",\"Code\":\"" + code + "\",\"Message\":\"" + message + "\"}";

        /// <summary>A gateway that reads SecretData only from the query, as one validating the 2024 definition would.</summary>
        private static Task<HttpResponseMessage> QueryOnlyGateway(RecordedRequest r)
        {
            var inQuery = Gateway.QueryOf(r.Uri).Any(p => p.Key == "SecretData");
            return Task.FromResult(inQuery
                ? FakeSaeHandler.Json(HttpStatusCode.OK, FakeSaeHandler.SuccessBody())
                : FakeSaeHandler.Json(HttpStatusCode.BadRequest, Error("MissingSecretData", "SecretData is mandatory for this action.", false)));
        }

        private static bool IsQueryForm(RecordedRequest r) => Gateway.QueryOf(r.Uri).Any(p => p.Key == "SecretData");

        // ---- the two wire forms ----

        [Fact]
        public async Task Body_form_is_sent_first_with_nothing_secret_in_the_url()
        {
            _handler.ThenSuccess();
            var data = Data();

            await Update(data: data);

            var r = Assert.Single(_handler.Requests);
            Assert.Equal("/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=16", r.Uri.PathAndQuery);
            SecretAssert.SameBytes(data.Body, r.Body, "request body");
            Assert.Equal("application/json; charset=utf-8", r.Header("content-type"));
            Assert.Equal(Hex.Sha256(data.Body), r.Header("x-acs-content-sha256"));
        }

        [Fact]
        public async Task Query_form_carries_the_same_text_percent_encoded_with_the_empty_body_hash_and_no_content_type()
        {
            _forced = "Query";
            _handler.ThenSuccess();
            var data = Data();

            await Update(data: data);

            var r = Assert.Single(_handler.Requests);
            Assert.Null(r.Body);
            Assert.Null(r.Header("content-type"));
            Assert.Equal(EmptyBodyHash, r.Header("x-acs-content-sha256"));
            Assert.Equal("host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version", Gateway.SignedHeadersOf(r));
            // The shared encoding rules: every byte but A-Z a-z 0-9 - _ . ~ as %XX, so the JSON's quotes, braces,
            // colons, the space in a value and base64's + / = are all encoded.
            var expected = "/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=16&SecretData=" + AcsPercentEncoder.Encode(DataText(data));
            SecretAssert.SameText(expected, r.Uri.PathAndQuery, "query-form path and query");
            Assert.StartsWith("&SecretData=%7B%22SecretData%22%3A%22%7B%5C%22password%5C%22%3A%5C%22", r.Uri.PathAndQuery.Substring(r.Uri.PathAndQuery.IndexOf("&SecretData=", StringComparison.Ordinal)));
            var sent = Gateway.QueryOf(r.Uri).Single(p => p.Key == "SecretData").Value;
            SecretAssert.SameText(DataText(data), sent, "SecretData query value");
            Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
        }

        // ---- the fallback ----

        [Theory]
        [InlineData("InvalidParameter.NotEmpty", "You must specify the parameter SecretData.", true)]
        [InlineData("InvalidParameter.NotEmpty", "You must specify the parameter secretdata.", false)]
        [InlineData("MissingSecretData", "SecretData is mandatory for this action.", false)]
        [InlineData("MissingParameter", "The input parameter \\\"SecretData\\\" that is mandatory for processing this request is not supplied.", false)]
        [InlineData("MissingParameter", "The input parameter SecretData is missing.", true)]
        public async Task A_400_saying_SecretData_is_missing_resends_the_same_text_in_the_query(string code, string message, bool asErrorCode)
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, Error(code, message, asErrorCode)).ThenSuccess();
            var data = Data();

            // MaxRetries 0: the resend is not a retry.
            var result = await Update(data: data, maxRetries: 0);

            Assert.True(result.Success);
            Assert.Equal(2, _handler.Requests.Count);
            var (first, second) = (_handler.Requests[0], _handler.Requests[1]);
            Assert.False(IsQueryForm(first), "the first request should carry SecretData in the body");
            SecretAssert.SameBytes(data.Body, first.Body, "first request body");
            Assert.True(IsQueryForm(second), "the resend should carry SecretData in the query");
            Assert.Null(second.Body);
            Assert.Equal(EmptyBodyHash, second.Header("x-acs-content-sha256"));
            SecretAssert.SameText(DataText(data), Gateway.QueryOf(second.Uri).Single(p => p.Key == "SecretData").Value, "resent SecretData");
            Assert.NotEqual(first.Header("x-acs-signature-nonce"), second.Header("x-acs-signature-nonce"));
            Assert.Equal(second.Header("authorization"), Gateway.RecomputeAuthorization(second, KeyId, KeySecret));
            Assert.Empty(_delays);
        }

        [Theory]
        [InlineData(400, "InvalidParameter.NotEmpty", "You must specify the parameter NamespaceId.")]
        [InlineData(400, "MissingParameter", "The input parameter SecretId is missing.")]
        [InlineData(400, "InvalidParameter.Obviously", "The specified parameter is invalid {SecretData}.")]
        [InlineData(400, "InvalidParameter.WithMessage", "SecretData is missing a key.")]
        [InlineData(404, "MissingSecretData", "SecretData is mandatory for this action.")]
        [InlineData(500, "MissingSecretData", "SecretData is mandatory for this action.")]
        public async Task Other_answers_never_trigger_the_query_form(int status, string code, string message)
        {
            _handler.ThenJson((HttpStatusCode)status, Error(code, message, true)).ThenSuccess();

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(maxRetries: 0));

            Assert.Equal(code, ex.ErrorCode);
            var r = Assert.Single(_handler.Requests);
            Assert.False(IsQueryForm(r));
            _handler.ThenSuccess();
        }

        [Fact]
        public async Task When_the_query_form_is_refused_too_the_error_is_reported_without_a_third_try()
        {
            _handler.ThenJson(HttpStatusCode.BadRequest, Error("MissingSecretData", "SecretData is mandatory for this action.", false));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(maxRetries: 3));

            Assert.Equal("MissingSecretData", ex.ErrorCode);
            Assert.Equal(2, _handler.Requests.Count);
            Assert.True(IsQueryForm(_handler.Requests[1]));
        }

        [Fact]
        public async Task Retries_after_the_fallback_keep_the_query_form_and_count_from_one()
        {
            _handler
                .ThenJson(HttpStatusCode.BadRequest, Error("MissingSecretData", "SecretData is mandatory for this action.", false))
                .ThenJson(HttpStatusCode.ServiceUnavailable, Error("ServiceUnavailable", "busy", true))
                .ThenSuccess();

            var result = await Update(maxRetries: 1);

            Assert.True(result.Success);
            Assert.Equal(3, _handler.Requests.Count);
            Assert.True(IsQueryForm(_handler.Requests[1]) && IsQueryForm(_handler.Requests[2]));
            Assert.Single(_delays);
        }

        // ---- remembered per endpoint ----

        [Fact]
        public async Task Once_an_endpoint_needed_the_query_form_later_calls_go_straight_to_it()
        {
            var handler = new FakeSaeHandler().Then((r, t) => QueryOnlyGateway(r));
            var client = NewClient(handler);

            await Update(client);
            await Update(client);
            await Update(NewClient(handler)); // another client (a runspace) sharing the process-wide memory

            Assert.Equal(new[] { false, true, true, true }, handler.Requests.Select(IsQueryForm).ToArray());
        }

        [Theory]
        [InlineData("https://sae.cn-beijing.aliyuncs.com:8443/")]
        [InlineData("http://sae.cn-beijing.aliyuncs.com/")]
        [InlineData("https://sae.cn-hangzhou.aliyuncs.com/")]
        public async Task The_memory_is_per_scheme_host_and_port(string other)
        {
            var handler = new FakeSaeHandler().Then((r, t) => QueryOnlyGateway(r));
            var client = NewClient(handler);
            await Update(client);

            await Update(client, new Uri(other));

            Assert.Equal(new[] { false, true, false, true }, handler.Requests.Select(IsQueryForm).ToArray());
            Assert.Equal(SecretDataLocation.Query, _placement.For(new Uri("https://SAE.cn-beijing.aliyuncs.com:443/other/path"), out _));
        }

        [Fact]
        public async Task Concurrent_calls_all_succeed_and_every_later_call_uses_the_query()
        {
            var handler = new FakeSaeHandler().Then(async (r, t) =>
            {
                await Task.Delay(20, t);
                return await QueryOnlyGateway(r);
            });
            var clients = Enumerable.Range(0, 8).Select(_ => NewClient(handler)).ToArray();

            var first = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => Update(clients[i % 8]))));
            var firstWave = handler.Requests.Count;
            var second = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => Update(clients[i % 8]))));

            Assert.All(first.Concat(second), result => Assert.True(result.Success));
            var secondWave = handler.Requests.Skip(firstWave).ToList();
            Assert.Equal(32, secondWave.Count);
            Assert.All(secondWave, r => Assert.True(IsQueryForm(r), "a call after the endpoint was learned sent the body form"));
            // Each first-wave call sent at most one body-form request.
            Assert.InRange(handler.Requests.Take(firstWave).Count(r => !IsQueryForm(r)), 1, 32);
            Assert.Equal(32, handler.Requests.Take(firstWave).Count(IsQueryForm));
        }

        [Fact]
        public async Task Calls_without_SecretData_never_use_or_change_the_memory()
        {
            var handler = new FakeSaeHandler().ThenJson(HttpStatusCode.BadRequest, Error("MissingSecretData", "SecretData is mandatory for this action.", false));
            var operation = new SaeOperation<string>(Endpoint, HttpMethod.Get, "/pop/v1/sam/secret/secrets", "ListSecrets", "cn-beijing:test",
                new[] { new KeyValuePair<string, string>("NamespaceId", "cn-beijing:test") }, response => response.RequestId);

            await Assert.ThrowsAsync<SaeServiceException>(() => NewClient(handler).SendAsync(operation,
                TestKeys.Provider(), new RetryPolicy { MaxRetries = 0 }, null, CancellationToken.None));

            Assert.Single(handler.Requests);
            Assert.Equal(SecretDataLocation.Body, _placement.For(Endpoint, out _));
        }

        // ---- the escape hatch ----

        [Fact]
        public async Task Forced_body_form_never_falls_back()
        {
            _forced = " body ";
            _handler.ThenJson(HttpStatusCode.BadRequest, Error("MissingSecretData", "SecretData is mandatory for this action.", false));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update());

            Assert.Equal("MissingSecretData", ex.ErrorCode);
            Assert.False(IsQueryForm(Assert.Single(_handler.Requests)));
        }

        [Theory]
        [InlineData("Header")]
        [InlineData("Body,Query")]
        [InlineData("1")]
        public async Task An_unknown_forced_form_is_an_input_error_before_anything_is_sent(string value)
        {
            _forced = value;
            _handler.ThenSuccess();

            var ex = await Assert.ThrowsAsync<SaeInputException>(() => Update());

            Assert.Equal(ErrorIds.SecretDataLocationInvalid, ex.ErrorId);
            Assert.Contains(SecretDataPlacement.EnvironmentVariable, ex.Message);
            Assert.Empty(_handler.Requests);
        }

        // ---- Verbose, and the URL as a secret ----

        [Fact]
        public async Task Verbose_names_the_form_once_per_endpoint_and_never_the_query()
        {
            var handler = new FakeSaeHandler().Then((r, t) => QueryOnlyGateway(r));
            var client = NewClient(handler);

            await Update(client);
            await Update(client);
            await Update(client);

            var lines = _verbose.ToList();
            Assert.Equal(1, lines.Count(l => l.StartsWith("SecretData travels to https://sae.cn-beijing.aliyuncs.com in the request body", StringComparison.Ordinal)));
            Assert.Equal(1, lines.Count(l => l.Contains("did not read SecretData from the request body (MissingSecretData)", StringComparison.Ordinal)));
            foreach (var line in lines)
            {
                Assert.DoesNotContain("?", line);
                SecretAssert.DoesNotLeak(line, SecretValue, "Verbose");
                SecretAssert.DoesNotLeak(line, Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue)), "Verbose");
            }
        }

        [Fact]
        public async Task A_connection_error_quoting_the_query_form_url_is_scrubbed_everywhere()
        {
            _forced = "Query";
            var data = Data();
            var encodedQuery = "SecretData=" + AcsPercentEncoder.Encode(DataText(data));
            var url = Endpoint + "pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=16&" + encodedQuery;
            _handler.ThenThrow(new HttpRequestException("Error while copying content to " + url,
                new InvalidOperationException("inner: " + Uri.UnescapeDataString(url))));

            var ex = await Assert.ThrowsAsync<SaeServiceException>(() => Update(data: data, maxRetries: 1));

            Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorCode);
            Assert.Equal(2, ex.Attempts);
            var texts = new List<string> { ex.Message, ex.ToString() };
            for (var e = ex.InnerException; e != null; e = e.InnerException) texts.Add(e.Message);
            texts.AddRange(_verbose);
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue));
            foreach (var text in texts)
            {
                SecretAssert.DoesNotLeak(text, base64, "error or Verbose text");
                SecretAssert.DoesNotLeak(text, AcsPercentEncoder.Encode(base64), "error or Verbose text");
                SecretAssert.DoesNotLeak(text, encodedQuery, "error or Verbose text");
            }
            Assert.Contains("could not reach https://sae.cn-beijing.aliyuncs.com", ex.Message);
        }
    }
}
