using System;
using System.Collections.Generic;
using System.Net.Http;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// STS (2015-04-01, RPC style: POST / with the action in x-acs-action) as <see cref="SaeOperation{TResult}"/>s, so they
    /// are signed, retried and interpreted like the SAE calls. AssumeRole stays in Credentials/StsClient: it runs below
    /// the credential chain, before there is a provider to send with.
    /// </summary>
    internal static class StsOperations
    {
        public const string ApiVersion = "2015-04-01";

        /// <summary>The identity types STS names, in its spelling.</summary>
        public static readonly string[] IdentityTypes = { "Account", "RAMUser", "AssumedRoleUser" };

        /// <summary>Who signed the request: the answer is the result itself, not wrapped in Data. Idempotent (a read).</summary>
        public static SaeOperation<CallerIdentity> GetCallerIdentity(Uri stsEndpoint) =>
            new SaeOperation<CallerIdentity>(stsEndpoint, HttpMethod.Post, "/", "GetCallerIdentity", "the caller",
                Array.Empty<KeyValuePair<string, string>>(),
                response =>
                {
                    var root = response.Root!;
                    var accountId = ServerJson.Text(root["AccountId"]);
                    var identityType = ServerJson.Text(root["IdentityType"]);
                    if (string.IsNullOrEmpty(accountId) || string.IsNullOrEmpty(identityType))
                    {
                        throw SaeOperations.Unusable("GetCallerIdentity", "the caller", response,
                            string.IsNullOrEmpty(accountId) ? "AccountId is missing" : "IdentityType is missing");
                    }
                    var signer = response.SignedWith;
                    return new CallerIdentity
                    {
                        AccountId = accountId,
                        IdentityType = CanonicalIdentityType(identityType),
                        Arn = ServerJson.Text(root["Arn"]),
                        PrincipalId = ServerJson.Text(root["PrincipalId"]),
                        UserId = ServerJson.Text(root["UserId"]),
                        RoleId = ServerJson.Text(root["RoleId"]),
                        AccessKeyId = signer?.MaskedAccessKeyId,
                        CredentialSource = signer?.Source,
                        RequestId = response.RequestId,
                    };
                })
            { ApiVersion = ApiVersion, AnswerInData = false };

        /// <summary>Account, RAMUser or AssumedRoleUser whatever the case; another type as given; null for none.</summary>
        public static string? CanonicalIdentityType(string? identityType)
        {
            if (identityType == null) return null;
            var trimmed = identityType.Trim();
            foreach (var known in IdentityTypes)
            {
                if (string.Equals(known, trimmed, StringComparison.OrdinalIgnoreCase)) return known;
            }
            return trimmed.Length == 0 ? null : trimmed;
        }
    }
}
