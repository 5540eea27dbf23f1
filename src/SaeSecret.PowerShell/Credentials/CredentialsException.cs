using System;

namespace SaeSecret
{
    /// <summary>No usable credentials, or a credential source that is configured but broken.</summary>
    public sealed class CredentialsException : Exception
    {
        /// <summary>No source in the chain had credentials.</summary>
        public const string NotFoundErrorId = "CredentialsNotFound";

        /// <summary>A source is configured wrongly: a malformed file, a missing field, a bad variable.</summary>
        public const string InvalidErrorId = "CredentialsInvalid";

        /// <summary>A profile named by -ProfileName or ALIBABA_CLOUD_PROFILE exists in no profile file.</summary>
        public const string ProfileNotFoundErrorId = "CredentialsProfileNotFound";

        /// <summary>A profile uses an authentication mode (or file type) this module cannot use.</summary>
        public const string ModeNotSupportedErrorId = "CredentialsModeNotSupported";

        /// <summary>A configured source failed to hand out credentials: STS refused, metadata or a process failed.</summary>
        public const string SourceFailedErrorId = "CredentialsSourceFailed";

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
