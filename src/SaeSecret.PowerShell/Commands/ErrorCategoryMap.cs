using System;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>The ErrorCategory a script sees for a failed call, from the service's code and HTTP status.</summary>
    internal static class ErrorCategoryMap
    {
        public static ErrorCategory For(SaeServiceException ex)
        {
            var code = ex.ErrorCode ?? string.Empty;
            switch (code)
            {
                case ErrorIds.ConnectionFailed: return ErrorCategory.ConnectionError;
                case ErrorIds.RequestTimedOut: return ErrorCategory.OperationTimeout;
                case ErrorIds.InvalidResponse:
                case ErrorIds.ResponseTooLarge:
                case ErrorIds.ResponseMissingData: return ErrorCategory.InvalidResult;
                case ErrorIds.TlsCertificateInvalid: return ErrorCategory.SecurityError;
                case ErrorIds.InvalidHeaderValue: return ErrorCategory.InvalidArgument;
            }
            if (code.EndsWith(".NotFound", StringComparison.Ordinal) && !code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal)) return ErrorCategory.ObjectNotFound;
            if (code.StartsWith("InvalidParameter", StringComparison.Ordinal) || code.StartsWith("InvalidSecretType", StringComparison.Ordinal)) return ErrorCategory.InvalidArgument;
            if (code.EndsWith(".AlreadyExist", StringComparison.Ordinal) || code.EndsWith(".AlreadyExists", StringComparison.Ordinal)) return ErrorCategory.ResourceExists;
            if (code.StartsWith("QuotaExceeded", StringComparison.Ordinal)) return ErrorCategory.QuotaExceeded;
            if (code.StartsWith("Forbidden", StringComparison.Ordinal) || ex.HttpStatusCode == 403) return ErrorCategory.PermissionDenied;
            if (code.StartsWith("Throttling", StringComparison.Ordinal) || ex.HttpStatusCode == 429) return ErrorCategory.LimitsExceeded;
            if (code.StartsWith("Signature", StringComparison.Ordinal) || code.StartsWith("IncompleteSignature", StringComparison.Ordinal) ||
                code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal) || code.StartsWith("InvalidSecurityToken", StringComparison.Ordinal) ||
                code.StartsWith("InvalidTimeStamp", StringComparison.Ordinal)) return ErrorCategory.AuthenticationError;
            if (code.StartsWith("ServiceUnavailable", StringComparison.Ordinal) || ex.HttpStatusCode >= 500) return ErrorCategory.ResourceUnavailable;
            return ErrorCategory.InvalidOperation;
        }
    }
}
