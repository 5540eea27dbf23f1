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

    /// <summary>The ErrorIds of input the module rejects before sending; stable, so scripts can catch them.</summary>
    public static class InputErrorIds
    {
        public const string NamespaceIdEmpty = "NamespaceIdEmpty";
        public const string NamespaceIdMalformed = "NamespaceIdMalformed";
        public const string SecretIdOutOfRange = "SecretIdOutOfRange";
        public const string SecretIdInvalid = "SecretIdInvalid";
        public const string SecretDataEmpty = "SecretDataEmpty";
        public const string SecretDataValueNull = "SecretDataValueNull";
        public const string SecretDataKeyEmpty = "SecretDataKeyEmpty";
        public const string SecretDataKeyInvalid = "SecretDataKeyInvalid";
        public const string SecretDataValueNotBase64 = "SecretDataValueNotBase64";
        public const string SecretDataValueUnsupported = "SecretDataValueUnsupported";
        public const string SecretDataTooLarge = "SecretDataTooLarge";
        public const string SecretDataJsonInvalid = "SecretDataJsonInvalid";
        public const string EndpointInvalid = "EndpointInvalid";
        public const string EndpointNotHttps = "EndpointNotHttps";
        public const string RegionIdInvalid = "RegionIdInvalid";
        public const string SecretDataLocationInvalid = "SecretDataLocationInvalid";
        public const string SecretNameInvalid = "SecretNameInvalid";
        public const string SecretTypeInvalid = "SecretTypeInvalid";
        public const string SecretTypeMismatch = "SecretTypeMismatch";
        public const string SecretDataRequiredKeyMissing = "SecretDataRequiredKeyMissing";
        public const string RegionIdMissing = "RegionIdMissing";
        public const string EnvFileInvalid = "EnvFileInvalid";
        public const string EnvFileLineInvalid = "EnvFileLineInvalid";
        public const string EnvFileQuoteUnterminated = "EnvFileQuoteUnterminated";
        public const string SecretDataKeyDuplicate = "SecretDataKeyDuplicate";
        public const string SecretDataFileNotFound = "SecretDataFileNotFound";
    }
}
