using System;

namespace SaeSecret
{
    /// <summary>
    /// A call that failed: the service's answer (ErrorCode, HTTP status, request id …) or what kept it from
    /// answering. ErrorCode is what Update-SaeSecret uses as the ErrorRecord's ErrorId.
    /// </summary>
    public sealed class SaeServiceException : Exception
    {
        public SaeServiceException(string errorCode, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorCode = errorCode;
        }

        /// <summary>The service's ErrorCode (or Code), or a SaeSecret id such as ConnectionFailed.</summary>
        public string ErrorCode { get; }
        public int? HttpStatusCode { get; set; }
        public string? RequestId { get; set; }
        public string? TraceId { get; set; }
        public string? HostId { get; set; }
        public string? Recommend { get; set; }
        public string? ServiceMessage { get; set; }

        /// <summary>What the failure is about when it is more precise than the cmdlet's record (a change order).</summary>
        internal object? Subject { get; set; }

        /// <summary>Whether sending the same request again may succeed (throttling, 5xx, network).</summary>
        public bool IsTransient { get; set; }

        /// <summary>The retry delay the service asked for (x-acs-retry-after), if any.</summary>
        public TimeSpan? RetryAfter { get; set; }

        /// <summary>The answer proves the server did not process the request (throttled, or the connection was refused).</summary>
        internal bool CertainlyNotProcessed { get; set; }

        /// <summary>A 400 saying SecretData is missing: the endpoint did not read it where it was sent.</summary>
        internal bool SecretDataNotRead { get; set; }

        /// <summary>How many attempts were made before giving up.</summary>
        public int Attempts { get; set; }

        public override string ToString() =>
            GetType().FullName + ": " + Message + (InnerException == null ? string.Empty : " ---> " + InnerException.GetType().FullName);
    }
}
