using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.Tests.Support
{
    /// <summary>The AccessKey pair the SAE client tests sign with; requests are signed again with it to check them.</summary>
    internal static class TestKeys
    {
        public const string KeyId = "TestKeyId";
        public const string KeySecret = "TestKeySecret-abc";

        /// <summary>A long-term key: no security token, no expiration.</summary>
        public static AlibabaCloudCredential LongTerm => new AlibabaCloudCredential(KeyId, KeySecret, null, null, "test key");

        /// <summary>A credential source that always answers with the given key, the long-term one by default.</summary>
        public static StaticCredentialProvider Provider(AlibabaCloudCredential credential = null) => new StaticCredentialProvider(credential ?? LongTerm);
    }
}
