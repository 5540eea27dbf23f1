using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SaeSecret.Tests.Support
{
    /// <summary>One request as the handler saw it, copied before the client disposes the message.</summary>
    internal sealed class RecordedRequest
    {
        public HttpMethod Method { get; set; }
        public Uri Uri { get; set; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body { get; set; }

        public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>
    /// An HttpMessageHandler that records every request and answers from a script; the last step repeats
    /// once the script runs out.
    /// </summary>
    internal sealed class FakeSaeHandler : HttpMessageHandler
    {
        private readonly List<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _steps =
            new List<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>>();
        private readonly List<RecordedRequest> _requests = new List<RecordedRequest>();

        public IReadOnlyList<RecordedRequest> Requests
        {
            get { lock (_requests) return _requests.ToList(); }
        }

        public FakeSaeHandler Then(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> step)
        {
            _steps.Add(step);
            return this;
        }

        public FakeSaeHandler ThenJson(HttpStatusCode status, string json, params (string Name, string Value)[] headers) =>
            Then((r, t) => Task.FromResult(Json(status, json, headers)));

        public FakeSaeHandler ThenBody(HttpStatusCode status, string body, string mediaType) => ThenBytes(status, Encoding.UTF8.GetBytes(body), mediaType);

        /// <summary>Answers with exactly these bytes: no Content-Type unless one is given.</summary>
        public FakeSaeHandler ThenBytes(HttpStatusCode status, byte[] body, string mediaType = null, params (string Name, string Value)[] headers) =>
            Then((r, t) =>
            {
                var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
                if (mediaType != null) response.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
                foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
                return Task.FromResult(response);
            });

        public FakeSaeHandler ThenThrow(Exception exception) => Then((r, t) => Task.FromException<HttpResponseMessage>(exception));

        public FakeSaeHandler ThenSuccess(string secretIdJson = "16") => ThenJson(HttpStatusCode.OK, SuccessBody(secretIdJson));

        public static string SuccessBody(string secretIdJson = "16") =>
            "{\"RequestId\":\"91F93257-7A4A-4BD3-9A7E-2F6EAE6D79DD\",\"Message\":\"success\",\"TraceId\":\"ac1a0b2215622246421415014e\"," +
            "\"Data\":{\"SecretId\":" + secretIdJson + "},\"Code\":\"200\",\"Success\":true}";

        public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
        {
            var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=utf-8");
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
            return response;
        }

        /// <summary>HttpClient.Send, as the module's synchronous transport calls it: the same script, waited for.</summary>
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            SendAsync(request, cancellationToken).GetAwaiter().GetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var recorded = new RecordedRequest { Method = request.Method, Uri = request.RequestUri };
            if (request.Headers.Host != null) recorded.Headers["host"] = request.Headers.Host;
            foreach (var header in request.Headers)
            {
                if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase)) continue;
                recorded.Headers[header.Key.ToLowerInvariant()] = string.Join(", ", header.Value);
            }
            if (request.Content != null)
            {
                foreach (var header in request.Content.Headers)
                {
                    recorded.Headers[header.Key.ToLowerInvariant()] = string.Join(", ", header.Value);
                }
                recorded.Body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }

            int index;
            lock (_requests)
            {
                _requests.Add(recorded);
                index = _requests.Count - 1;
            }
            if (_steps.Count == 0) throw new InvalidOperationException("The fake handler has no script.");
            var step = _steps[Math.Min(index, _steps.Count - 1)];
            return await step(recorded, cancellationToken).ConfigureAwait(false);
        }
    }
}
