using System;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// The one place that decides what a script sees for a failure: the ErrorId (the module's, from <see cref="ErrorIds"/>,
    /// or the service's error code) and its ErrorCategory.
    /// </summary>
    internal static class ErrorCategoryMap
    {
        /// <summary>The category of an ErrorId; <paramref name="httpStatus"/> decides for service codes without a rule.</summary>
        public static ErrorCategory For(string? errorId, int httpStatus = 0)
        {
            var code = errorId ?? string.Empty;
            switch (code)
            {
                case ErrorIds.ConnectionFailed: return ErrorCategory.ConnectionError;
                case ErrorIds.RequestTimedOut: return ErrorCategory.OperationTimeout;
                case ErrorIds.InvalidResponse:
                case ErrorIds.ResponseTooLarge:
                case ErrorIds.ResponseMissingData: return ErrorCategory.InvalidResult;
                case ErrorIds.TlsCertificateInvalid: return ErrorCategory.SecurityError;
                case ErrorIds.InvalidHeaderValue: return ErrorCategory.InvalidArgument;
                case ErrorIds.OperationNotSuccessful: return ErrorCategory.InvalidOperation;
                case ErrorIds.SecretNameNotFound: return ErrorCategory.ObjectNotFound;
                case ErrorIds.ChangeOrderFailed:
                case ErrorIds.ChangeOrderNeedsRollback: return ErrorCategory.OperationStopped;
                case ErrorIds.ChangeOrderAwaitingConfirmation: return ErrorCategory.ResourceBusy;
                case ErrorIds.ChangeOrderWaitTimedOut: return ErrorCategory.OperationTimeout;
                case ErrorIds.EnvFileInvalid:
                case ErrorIds.EnvFileLineInvalid:
                case ErrorIds.EnvFileQuoteUnterminated:
                case ErrorIds.SecretDataKeyDuplicate:
                case ErrorIds.SecretDataFileNotFound: return ErrorCategory.InvalidData;
                case ErrorIds.CredentialsNotFound:
                case ErrorIds.CredentialsInvalid:
                case ErrorIds.CredentialsProfileNotFound:
                case ErrorIds.CredentialsModeNotSupported:
                case ErrorIds.CredentialsSourceFailed: return ErrorCategory.AuthenticationError;
            }
            // Every other id of the catalog is input refused before anything was sent.
            if (Catalog.Contains(code)) return ErrorCategory.InvalidArgument;
            if (code.EndsWith(".NotFound", StringComparison.Ordinal) && !code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal)) return ErrorCategory.ObjectNotFound;
            if (code.StartsWith("InvalidParameter", StringComparison.Ordinal) || code.StartsWith("InvalidSecretType", StringComparison.Ordinal)) return ErrorCategory.InvalidArgument;
            if (code.EndsWith(".AlreadyExist", StringComparison.Ordinal) || code.EndsWith(".AlreadyExists", StringComparison.Ordinal)) return ErrorCategory.ResourceExists;
            if (code.StartsWith("QuotaExceeded", StringComparison.Ordinal)) return ErrorCategory.QuotaExceeded;
            if (code.StartsWith("Forbidden", StringComparison.Ordinal) || httpStatus == 403) return ErrorCategory.PermissionDenied;
            if (code.StartsWith("Throttling", StringComparison.Ordinal) || httpStatus == 429) return ErrorCategory.LimitsExceeded;
            if (code.StartsWith("Signature", StringComparison.Ordinal) || code.StartsWith("IncompleteSignature", StringComparison.Ordinal) ||
                code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal) || code.StartsWith("InvalidSecurityToken", StringComparison.Ordinal) ||
                code.StartsWith("InvalidTimeStamp", StringComparison.Ordinal)) return ErrorCategory.AuthenticationError;
            if (code.StartsWith("ServiceUnavailable", StringComparison.Ordinal) || httpStatus >= 500) return ErrorCategory.ResourceUnavailable;
            return ErrorCategory.InvalidOperation;
        }

        public static ErrorCategory For(SaeServiceException ex) => For(ex.ErrorCode, ex.HttpStatusCode ?? 0);

        private static readonly System.Collections.Generic.HashSet<string> Catalog = new System.Collections.Generic.HashSet<string>(ErrorIds.All(), StringComparer.Ordinal);

        /// <summary>
        /// The ErrorRecord for one of the module's exceptions (input, credentials, a failed call), or null for any other
        /// exception. The target is what the record is about; a target that cannot be computed is left out.
        /// </summary>
        public static ErrorRecord? RecordFor(Exception exception, Func<object?> target)
        {
            switch (exception)
            {
                case SaeInputException ex:
                    return new ErrorRecord(ex, ex.ErrorId, For(ex.ErrorId), SafeTarget(target));
                case CredentialsException ex:
                    return new ErrorRecord(ex, ex.ErrorId, For(ex.ErrorId), SafeTarget(target));
                case SaeServiceException ex:
                    return new ErrorRecord(ex, ex.ErrorCode, For(ex), ex.Subject ?? SafeTarget(target))
                    {
                        ErrorDetails = ex.Recommend == null ? null : new ErrorDetails(ex.Message) { RecommendedAction = "See " + ex.Recommend },
                    };
                default:
                    return null;
            }
        }

        private static object? SafeTarget(Func<object?> target)
        {
            try { return target(); }
            catch (Exception) { return null; }
        }
    }
}
