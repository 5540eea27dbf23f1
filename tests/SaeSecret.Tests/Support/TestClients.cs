using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;

namespace SaeSecret.Tests.Support
{
    /// <summary>SaeClients on a fake handler, and what a test hands to SendAsync: the retry policy and the verbose sink.</summary>
    internal static class TestClients
    {
        /// <summary>
        /// A client on the handler that records each wait between attempts in <paramref name="delays"/> instead of
        /// sleeping, with the given placement memory or a fresh one (the process-wide one is shared).
        /// </summary>
        public static SaeClient Recording(HttpMessageHandler handler, List<TimeSpan> delays, bool synchronous = false, SecretDataPlacement placement = null) =>
            new SaeClient(new HttpClient(handler), RecordInto(delays), synchronous, placement ?? new SecretDataPlacement(() => null));

        /// <summary>A wait between attempts that only records how long it was asked to be.</summary>
        public static Func<TimeSpan, CancellationToken, Task> RecordInto(List<TimeSpan> delays) => (wait, token) =>
        {
            lock (delays) delays.Add(wait);
            return Task.CompletedTask;
        };

        /// <summary>A verbose sink that keeps every line.</summary>
        public static Action<string> CollectInto(List<string> lines) => message => { lock (lines) lines.Add(message); };

        public static RetryPolicy Retry(int maxRetries = 3, TimeSpan? timeout = null) =>
            new RetryPolicy { MaxRetries = maxRetries, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }
}
