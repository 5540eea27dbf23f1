using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Signing;
using Xunit;
using static SaeSecret.Tests.Support.TestClients;
using static SaeSecret.Tests.Support.TestKeys;

namespace SaeSecret.Tests.Support
{
    /// <summary>
    /// What the SaeClient tests (Api/SaeClient{Request,Result,Redaction,Retry}Tests) share: an UpdateSecret sent through a
    /// client on a fake handler that records its waits and verbose lines, on the asynchronous transport or, in each
    /// class's Synchronous twin, on the synchronous one PowerShell 7 cmdlets use.
    /// </summary>
    public abstract class SaeClientTestBase
    {
        private protected const string StsToken = "TestSecurityToken/with+chars==";
        private protected const string SecretValue = "TopSecretValue-42";
        private protected static readonly Uri Endpoint = new Uri("https://sae.cn-beijing.aliyuncs.com/");

        private protected readonly FakeSaeHandler _handler = new FakeSaeHandler();
        private protected readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private protected readonly List<string> _verbose = new List<string>();
        private protected readonly SaeClient _client;

        /// <summary>Whether the client sends with HttpClient.Send on the caller's thread, as cmdlets do on PowerShell 7.</summary>
        protected virtual bool Synchronous => false;

        private protected SaeClientTestBase()
        {
            _client = TestClients.Recording(_handler, _delays, Synchronous, _placement);
        }

        /// <summary>This test's own memory of which endpoints read SecretData from the query (the process-wide one is shared).</summary>
        private readonly SecretDataPlacement _placement = new SecretDataPlacement(() => null);

        private protected static AlibabaCloudCredential StsKey => new AlibabaCloudCredential(KeyId, KeySecret, StsToken, DateTimeOffset.UtcNow.AddHours(1), "test STS key");

        private protected static EncodedSecretData Data() => TestSecretData.Plain(("password", SecretValue), ("username", "TestUserName"));

        private protected Task<UpdateSecretResult> Update(
            string namespaceId = "cn-beijing:test", long secretId = 16, AlibabaCloudCredential credential = null,
            RetryPolicy retry = null, EncodedSecretData data = null, CancellationToken cancellationToken = default, SaeClient client = null) =>
            (client ?? _client).SendAsync(
                SaeOperations.UpdateSecret(Endpoint, namespaceId, secretId, data ?? Data()),
                TestKeys.Provider(credential),
                retry ?? Retry(),
                TestClients.CollectInto(_verbose),
                cancellationToken);

        private protected async Task<SaeServiceException> Fails(
            string namespaceId = "cn-beijing:test", AlibabaCloudCredential credential = null, RetryPolicy retry = null, EncodedSecretData data = null)
        {
            return await Assert.ThrowsAsync<SaeServiceException>(() => Update(namespaceId, credential: credential, retry: retry, data: data));
        }

        private protected static string ErrorBody(string code, string message = "Something went wrong.", string errorCode = null, string requestId = "E1A2B3C4-REQ") =>
            "{\"RequestId\":\"" + requestId + "\",\"Code\":\"" + code + "\",\"Message\":" + Newtonsoft.Json.JsonConvert.ToString(message) +
            (errorCode == null ? "" : ",\"ErrorCode\":\"" + errorCode + "\"") + ",\"Success\":false,\"TraceId\":\"trace-9\"}";
    }
}
