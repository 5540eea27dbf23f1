using System;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>How often and how long to try: capped exponential backoff with jitter, a timeout per attempt.</summary>
    internal sealed class RetryPolicy
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

        public int MaxRetries { get; set; } = 3;
        public TimeSpan Timeout { get; set; } = DefaultTimeout;
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>The longest server retry hint read at all (the aliyun CLI caps at 60 s too).</summary>
        public static readonly TimeSpan RetryHintCeiling = TimeSpan.FromSeconds(60);

        /// <summary>The longest x-acs-retry-after the client will honour as asked.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = RetryHintCeiling;

        /// <summary>No retry starts whose wait would end later than this after the call began.</summary>
        public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(5);

        private static readonly Random Jitter = new Random();

        /// <summary>Delay before attempt number <paramref name="nextAttempt"/> (2, 3, …).</summary>
        public TimeSpan DelayBefore(int nextAttempt, TimeSpan? retryAfter)
        {
            if (retryAfter.HasValue)
            {
                return retryAfter.Value > MaxRetryAfter ? MaxRetryAfter : retryAfter.Value;
            }
            double ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, nextAttempt - 2));
            double factor;
            lock (Jitter)
            {
                factor = 0.5 + Jitter.NextDouble() * 0.5;
            }
            return TimeSpan.FromMilliseconds(Math.Round(ceiling * factor));
        }
    }
}
