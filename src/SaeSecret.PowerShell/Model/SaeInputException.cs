using System;

namespace SaeSecret
{
    /// <summary>
    /// Input that cannot be sent, found before anything goes on the wire. ErrorId names the rule that was broken;
    /// the message says what to fix and never quotes a secret value.
    /// </summary>
    public sealed class SaeInputException : ArgumentException
    {
        public SaeInputException(string errorId, string message, string paramName)
            : base(message, paramName)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }
}
