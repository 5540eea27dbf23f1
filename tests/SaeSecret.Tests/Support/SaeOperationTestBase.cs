using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;
using Xunit;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests.Support
{
    /// <summary>
    /// What the tests of the six SAE secret operations (Api/SaeOperation*Tests, Api/*ResultTests, Api/CreateSecretPlacementTests)
    /// share: a client on a fake handler that records its waits and verbose lines, a placement the test can force, the
    /// operations with their usual arguments, answers to script, and the checks of a request on the wire.
    /// </summary>
    public abstract class SaeOperationTestBase
    {
        private protected const string SecretValue = "Operations-Secret-Value-27";
        private protected const string Namespace = "cn-beijing:test";
        private protected const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        private protected const string NoBodySignedHeaders = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
        private protected const string BodySignedHeaders = "content-type;" + NoBodySignedHeaders;
        private protected static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");

        private protected readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private protected readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private readonly List<string> _verbose = new List<string>();
        private readonly SecretDataPlacement _placement;
        private readonly SaeClient _client;
        private protected string _forcedPlacement;

        private protected SaeOperationTestBase()
        {
            _placement = new SecretDataPlacement(() => _forcedPlacement);
            _client = TestClients.Recording(_handler, _delays, false, _placement);
        }

        private protected Task<T> Send<T>(SaeOperation<T> operation, int maxRetries = 3, TimeSpan? timeout = null) =>
            _client.SendAsync(operation,
                TestKeys.Provider(),
                TestClients.Retry(maxRetries, timeout),
                TestClients.CollectInto(_verbose),
                CancellationToken.None);

        private protected Task<SaeServiceException> Fails<T>(SaeOperation<T> operation, int maxRetries = 3, TimeSpan? timeout = null) =>
            Assert.ThrowsAsync<SaeServiceException>(() => Send(operation, maxRetries, timeout));

        private protected static EncodedSecretData Data() => TestSecretData.Plain(("password", SecretValue), ("user.name", "a+b/c=d~e f"));

        /// <summary>A success envelope around the given Data JSON.</summary>
        private protected static string Ok(string dataJson, string requestId = "\"R-OK\"") =>
            "{\"RequestId\":" + requestId + ",\"Message\":\"success\",\"TraceId\":\"T-OK\",\"Data\":" + dataJson + ",\"Code\":\"200\",\"Success\":true}";

        private protected FakeSaeHandler AnswerData(string dataJson) => _handler.ThenJson(HttpStatusCode.OK, Ok(dataJson));

        private protected static string Error(string code, string message = "Something went wrong.") =>
            "{\"RequestId\":\"R-ERR\",\"Code\":\"" + code + "\",\"Message\":\"" + message + "\",\"Success\":false}";

        private protected static SaeOperation<List<SecretInfo>> List(string ns = Namespace) => SaeOperations.ListSecrets(Endpoint, ns);
        private protected static SaeOperation<DescribedSecret> Describe(long id = 16) => SaeOperations.DescribeSecret(Endpoint, Namespace, id);
        /// <summary>A create, answered: the new id (the RequestId has a test of its own).</summary>
        private protected async Task<long> SendCreate(SaeOperation<CreatedSecret> operation, int maxRetries = 3, TimeSpan? timeout = null) =>
            (await Send(operation, maxRetries, timeout)).SecretId;

        private protected static SaeOperation<CreatedSecret> Create(string name = "db-cred", string type = "Opaque", EncodedSecretData data = null) =>
            SaeOperations.CreateSecret(Endpoint, Namespace, name, type, data ?? Data());
        private protected static SaeOperation<string> Delete(long id = 16) => SaeOperations.DeleteSecret(Endpoint, Namespace, id);
        private protected static SaeOperation<UpdateSecretResult> Update(long id = 16, EncodedSecretData data = null) =>
            SaeOperations.UpdateSecret(Endpoint, Namespace, id, data ?? Data());
        private protected static SaeOperation<List<SaeNamespace>> Namespaces(string region = "cn-beijing") => SaeOperations.DescribeNamespaceList(Endpoint, region);

        /// <summary>Everything a request without a body must carry, and a signature that checks.</summary>
        private protected static void AssertNoBodyRequest(RecordedRequest r, HttpMethod method, string pathAndQuery, string action)
        {
            Assert.Equal(method, r.Method);
            Assert.Equal("sae.cn-beijing.aliyuncs.com", r.Uri.Host);
            Assert.Equal(pathAndQuery, r.Uri.PathAndQuery);
            Assert.Equal(action, r.Header("x-acs-action"));
            Assert.Equal("2019-05-06", r.Header("x-acs-version"));
            Assert.Equal("sae.cn-beijing.aliyuncs.com", r.Header("host"));
            Assert.Equal("application/json", r.Header("accept"));
            Assert.Null(r.Body);
            Assert.Null(r.Header("content-type"));
            Assert.Equal(EmptyBodyHash, r.Header("x-acs-content-sha256"));
            Assert.Equal(NoBodySignedHeaders, Gateway.SignedHeadersOf(r));
            Assert.StartsWith("ACS3-HMAC-SHA256 Credential=" + KeyId + ",SignedHeaders=", r.Header("authorization"));
            Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
        }

        /// <summary>Everything a request with SecretData in the body must carry, and a signature that checks.</summary>
        private protected static void AssertBodyRequest(RecordedRequest r, HttpMethod method, string pathAndQuery, string action, EncodedSecretData data)
        {
            Assert.Equal(method, r.Method);
            Assert.Equal(pathAndQuery, r.Uri.PathAndQuery);
            Assert.Equal(action, r.Header("x-acs-action"));
            Assert.Equal("2019-05-06", r.Header("x-acs-version"));
            SecretAssert.SameBytes(data.Body, r.Body, "request body");
            Assert.Equal("application/json; charset=utf-8", r.Header("content-type"));
            Assert.Equal(Hex.Sha256(data.Body), r.Header("x-acs-content-sha256"));
            Assert.Equal(BodySignedHeaders, Gateway.SignedHeadersOf(r));
            Assert.Equal(r.Header("authorization"), Gateway.RecomputeAuthorization(r, KeyId, KeySecret));
            SecretAssert.DoesNotLeak(r.Uri.ToString(), "password", "URL");
        }
    }
}
