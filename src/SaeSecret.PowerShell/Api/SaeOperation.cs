using System;
using System.Collections.Generic;
using System.Net.Http;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// One SAE API call as data: where it goes, what it carries and how its answer becomes a result. The client owns
    /// everything else (signing, SecretData placement, retries, error mapping, redaction).
    /// </summary>
    internal sealed class SaeOperation<TResult>
    {
        public SaeOperation(
            Uri endpoint, HttpMethod method, string path, string action, string target,
            IReadOnlyList<KeyValuePair<string, string>> query, Func<SaeResponse, TResult> map)
        {
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            Method = method ?? throw new ArgumentNullException(nameof(method));
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Action = action ?? throw new ArgumentNullException(nameof(action));
            Target = target ?? throw new ArgumentNullException(nameof(target));
            Query = query ?? Array.Empty<KeyValuePair<string, string>>();
            Map = map ?? throw new ArgumentNullException(nameof(map));
        }

        public Uri Endpoint { get; }
        public HttpMethod Method { get; }
        public string Path { get; }

        /// <summary>The API name sent as x-acs-action.</summary>
        public string Action { get; }

        /// <summary>What the call is about, for messages: "&lt;NamespaceId&gt;/&lt;SecretId&gt;" or a name. Never a value.</summary>
        public string Target { get; }

        /// <summary>Query parameters other than SecretData, in any order (the signer sorts them).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

        /// <summary>The SecretData to carry, or null; the client decides whether it travels in the body or the query.</summary>
        public EncodedSecretData? SecretData { get; set; }

        /// <summary>
        /// Whether a transient failure may be retried even though the request may already have reached the server
        /// (true for idempotent calls). When false, only answers that prove nothing was processed are retried.
        /// </summary>
        public bool Idempotent { get; set; } = true;

        /// <summary>The API version sent as x-acs-version: SAE's unless the operation belongs to another product (STS).</summary>
        public string ApiVersion { get; set; } = SaeClient.ApiVersion;

        /// <summary>
        /// Whether a successful answer carries its result in Data (SAE's ROA APIs). When false (RPC APIs such as STS
        /// GetCallerIdentity) a 2xx JSON answer is the result itself, and the mapper reads <see cref="SaeResponse.Root"/>.
        /// </summary>
        public bool AnswerInData { get; set; } = true;

        /// <summary>Turns a successful answer into the result; throws <see cref="SaeServiceException"/> for an unusable one.</summary>
        public Func<SaeResponse, TResult> Map { get; }
    }
}
