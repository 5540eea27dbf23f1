namespace SaeSecret
{
    /// <summary>
    /// Every ErrorId the module itself raises, in one place; stable, so scripts can catch them (a failed call's ErrorId
    /// is otherwise the service's own error code, such as <c>InvalidSecretId.NotFound</c>). Each one is documented in
    /// about_SaeSecret and the README; the ErrorCategory of each is decided in one place (ErrorCategoryMap).
    /// </summary>
    public static class ErrorIds
    {
        // Input refused before anything is sent (SaeInputException).

        /// <summary>-NamespaceId is empty or white space.</summary>
        public const string NamespaceIdEmpty = "NamespaceIdEmpty";
        /// <summary>-NamespaceId is not '&lt;region&gt;' or '&lt;region&gt;:&lt;name&gt;'.</summary>
        public const string NamespaceIdMalformed = "NamespaceIdMalformed";
        /// <summary>-SecretId is zero, negative or beyond 64 bits.</summary>
        public const string SecretIdOutOfRange = "SecretIdOutOfRange";
        /// <summary>-SecretId is not a whole number ('15.5', '1e1', '0x10', $true).</summary>
        public const string SecretIdInvalid = "SecretIdInvalid";
        /// <summary>SecretData has no key (or -Merge would remove the last one).</summary>
        public const string SecretDataEmpty = "SecretDataEmpty";
        /// <summary>A SecretData value is $null where a value is needed.</summary>
        public const string SecretDataValueNull = "SecretDataValueNull";
        /// <summary>A SecretData key is empty.</summary>
        public const string SecretDataKeyEmpty = "SecretDataKeyEmpty";
        /// <summary>A SecretData key has characters Kubernetes does not allow, or is '.' or '..'.</summary>
        public const string SecretDataKeyInvalid = "SecretDataKeyInvalid";
        /// <summary>A SecretData key is given twice (JSON members, .env lines, files, manifests).</summary>
        public const string SecretDataKeyDuplicate = "SecretDataKeyDuplicate";
        /// <summary>With -Base64Encoded, a value that is not base64.</summary>
        public const string SecretDataValueNotBase64 = "SecretDataValueNotBase64";
        /// <summary>A value of a type the module does not store (PSCredential, ScriptBlock, DateTime, hashtable...).</summary>
        public const string SecretDataValueUnsupported = "SecretDataValueUnsupported";
        /// <summary>The encoded SecretData is larger than a secret can hold.</summary>
        public const string SecretDataTooLarge = "SecretDataTooLarge";
        /// <summary>SecretData text that is not one valid JSON object of string, number or boolean members.</summary>
        public const string SecretDataJsonInvalid = "SecretDataJsonInvalid";
        /// <summary>A file named for SecretData (a value file, a .env file, a TLS certificate or key) does not exist.</summary>
        public const string SecretDataFileNotFound = "SecretDataFileNotFound";
        /// <summary>-Endpoint is not an absolute http(s) URL, or carries a user name or password.</summary>
        public const string EndpointInvalid = "EndpointInvalid";
        /// <summary>-Endpoint uses plain http to a host that is not on this machine.</summary>
        public const string EndpointNotHttps = "EndpointNotHttps";
        /// <summary>-RegionId is not a region id such as 'cn-beijing'.</summary>
        public const string RegionIdInvalid = "RegionIdInvalid";
        /// <summary>No region: no -RegionId, no ALIBABA_CLOUD_REGION_ID, no region_id in the aliyun CLI profile.</summary>
        public const string RegionIdMissing = "RegionIdMissing";
        /// <summary>SAESECRET_SECRETDATA_LOCATION is neither Body nor Query.</summary>
        public const string SecretDataLocationInvalid = "SecretDataLocationInvalid";
        /// <summary>A secret name that is not a letter followed by letters, digits, '-' or '_'.</summary>
        public const string SecretNameInvalid = "SecretNameInvalid";
        /// <summary>A secret type SAE does not have.</summary>
        public const string SecretTypeInvalid = "SecretTypeInvalid";
        /// <summary>Set-SaeSecret on a present secret of another type (SAE cannot change a type).</summary>
        public const string SecretTypeMismatch = "SecretTypeMismatch";
        /// <summary>A dockerconfigjson or tls secret without the keys its type needs.</summary>
        public const string SecretDataRequiredKeyMissing = "SecretDataRequiredKeyMissing";
        /// <summary>An AppId that is not an SAE id (letters, digits and '-').</summary>
        public const string AppIdInvalid = "AppIdInvalid";
        /// <summary>A ChangeOrderId that is not an SAE id (letters, digits and '-').</summary>
        public const string ChangeOrderIdInvalid = "ChangeOrderIdInvalid";
        /// <summary>A .env file that is not UTF-8 text.</summary>
        public const string EnvFileInvalid = "EnvFileInvalid";
        /// <summary>A .env line that is not KEY=VALUE.</summary>
        public const string EnvFileLineInvalid = "EnvFileLineInvalid";
        /// <summary>A quoted .env value without its closing quote.</summary>
        public const string EnvFileQuoteUnterminated = "EnvFileQuoteUnterminated";
        /// <summary>New-SaeDockerConfigSecretData: a credential without a user name.</summary>
        public const string RegistryUserNameEmpty = "RegistryUserNameEmpty";
        /// <summary>New-SaeDockerConfigSecretData: an empty registry server, or one with surrounding white space.</summary>
        public const string RegistryServerInvalid = "RegistryServerInvalid";
        /// <summary>New-SaeDockerConfigSecretData: the same registry server twice.</summary>
        public const string RegistryServerDuplicate = "RegistryServerDuplicate";
        /// <summary>New-SaeTlsSecretData: the certificate file is not PEM.</summary>
        public const string TlsCertificateNotPem = "TlsCertificateNotPem";
        /// <summary>New-SaeTlsSecretData: the key file is not PEM.</summary>
        public const string TlsKeyNotPem = "TlsKeyNotPem";

        // Lookups that found nothing (non-terminating).

        /// <summary>Get-SaeSecret -SecretName without wildcards that matches no secret.</summary>
        public const string SecretNameNotFound = "SecretNameNotFound";

        // Failures without a service error code (SaeServiceException.ErrorCode).

        /// <summary>No connection to the endpoint (after retries).</summary>
        public const string ConnectionFailed = "ConnectionFailed";
        /// <summary>No answer within -TimeoutSec (after retries).</summary>
        public const string RequestTimedOut = "RequestTimedOut";
        /// <summary>An answer that is not a usable JSON result.</summary>
        public const string InvalidResponse = "InvalidResponse";
        /// <summary>An answer reporting success without Data, so the call cannot be confirmed.</summary>
        public const string ResponseMissingData = "ResponseMissingData";
        /// <summary>An answer with HTTP 2xx that says the call did not succeed, without an error code.</summary>
        public const string OperationNotSuccessful = "OperationNotSuccessful";
        /// <summary>An answer over 4 MiB after decompression; not read further.</summary>
        public const string ResponseTooLarge = "ResponseTooLarge";
        /// <summary>The endpoint's TLS certificate is not trusted (never retried).</summary>
        public const string TlsCertificateInvalid = "TlsCertificateInvalid";
        /// <summary>A credential that cannot be sent in an HTTP header (never retried).</summary>
        public const string InvalidHeaderValue = "InvalidHeaderValue";

        // Change orders that did not end well (SaeServiceException; the record's TargetObject is the ChangeOrder).

        /// <summary>A change order ended Failed, Terminated or SystemFailure; the message has the order's ErrorMessage.</summary>
        public const string ChangeOrderFailed = "ChangeOrderFailed";
        /// <summary>A batch failed and waits for a manual rollback (SubStatus 1): the order will not end by itself.</summary>
        public const string ChangeOrderNeedsRollback = "ChangeOrderNeedsRollback";
        /// <summary>The order waits for a batch to be confirmed by hand (Status 8).</summary>
        public const string ChangeOrderAwaitingConfirmation = "ChangeOrderAwaitingConfirmation";
        /// <summary>The order had not ended after -Timeout; it goes on in SAE.</summary>
        public const string ChangeOrderWaitTimedOut = "ChangeOrderWaitTimedOut";

        // Credentials (CredentialsException).

        /// <summary>No source in the chain had credentials.</summary>
        public const string CredentialsNotFound = "CredentialsNotFound";
        /// <summary>A source is configured wrongly: a malformed file, a missing field, a bad variable or parameter.</summary>
        public const string CredentialsInvalid = "CredentialsInvalid";
        /// <summary>A profile named by -ProfileName or ALIBABA_CLOUD_PROFILE exists in no profile file.</summary>
        public const string CredentialsProfileNotFound = "CredentialsProfileNotFound";
        /// <summary>A profile uses an authentication mode (or file type) this module cannot use.</summary>
        public const string CredentialsModeNotSupported = "CredentialsModeNotSupported";
        /// <summary>A configured source failed to hand out credentials: STS refused, metadata or a process failed.</summary>
        public const string CredentialsSourceFailed = "CredentialsSourceFailed";

        // Kubernetes Secret manifests (ConvertFrom-SaeSecretManifest, ConvertTo-SaeSecretManifest). Bad data inside a
        // Secret reuses the SecretData and Secret ErrorIds above (SecretDataValueNotBase64, SecretTypeInvalid, ...).

        /// <summary>A manifest file (-Path, -LiteralPath) that does not exist, is a folder, or cannot be read.</summary>
        public const string ManifestFileNotFound = "ManifestFileNotFound";
        /// <summary>Manifest text over 4 MiB, or whose YAML aliases would expand it beyond 4 MiB.</summary>
        public const string ManifestTooLarge = "ManifestTooLarge";
        /// <summary>Manifest text that is not valid YAML or JSON (or not UTF-8/UTF-16 text), or names a mapping key twice.</summary>
        public const string ManifestYamlInvalid = "ManifestYamlInvalid";
        /// <summary>A document that is not a Kubernetes object as read here: no kind, a Secret that is not v1 or has no metadata.name, a field of the wrong shape.</summary>
        public const string ManifestInvalid = "ManifestInvalid";
        /// <summary>Two Secrets of the same name and namespace in one conversion.</summary>
        public const string ManifestSecretDuplicate = "ManifestSecretDuplicate";
        /// <summary>ConvertTo-SaeSecretManifest without -AsPlainText (the manifest holds the values in clear).</summary>
        public const string ManifestPlainTextRequired = "ManifestPlainTextRequired";
        /// <summary>ConvertTo-SaeSecretManifest -Path naming a file that exists, without -Force; or a folder.</summary>
        public const string ManifestFileExists = "ManifestFileExists";
        /// <summary>ConvertTo-SaeSecretManifest -Path could not create the file (a missing folder, no permission, a runtime without file modes).</summary>
        public const string ManifestFileWriteFailed = "ManifestFileWriteFailed";

        /// <summary>Every ErrorId above, for documentation checks.</summary>
        public static string[] All()
        {
            var fields = typeof(ErrorIds).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static);
            var ids = new System.Collections.Generic.List<string>();
            foreach (var field in fields)
            {
                if (field.IsLiteral && field.FieldType == typeof(string)) ids.Add((string)field.GetRawConstantValue()!);
            }
            return ids.ToArray();
        }
    }
}
