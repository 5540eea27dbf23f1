using System;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>No usable credentials, or a credential source that is configured but broken.</summary>
    public sealed class CredentialsException : Exception
    {
        public const string NotFoundErrorId = "CredentialsNotFound";
        public const string InvalidErrorId = "CredentialsInvalid";

        public CredentialsException(string errorId, string message, Exception innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }
}
