using System;

namespace SaeSecret
{
    /// <summary>No usable credentials, or a credential source that is configured but broken.</summary>
    public sealed class CredentialsException : Exception
    {
        public CredentialsException(string errorId, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }

    /// <summary>
    /// A source that is simply not there (no instance metadata service, no role attached): the chain moves on,
    /// while a profile that was configured to use it turns this into a <see cref="CredentialsException"/>.
    /// </summary>
    internal sealed class CredentialSourceUnavailableException : Exception
    {
        public CredentialSourceUnavailableException(string reason)
            : base(reason)
        {
        }
    }
}
