using System;
using System.Collections;
using System.IO;
using System.Runtime.CompilerServices;

namespace SaeSecret.Tests.Support
{
    /// <summary>
    /// Runs when the test assembly loads: no test may read the real user's credential files or reach the real
    /// instance metadata address, so the default chain starts empty everywhere (as the Pester runner does).
    /// </summary>
    internal static class CredentialTestIsolation
    {
        public static readonly string Directory = Path.Combine(Path.GetTempPath(), "saesecret-xunit-" + Environment.ProcessId);

        [ModuleInitializer]
        internal static void Isolate()
        {
            foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            {
                var name = (string)variable.Key;
                if (name.StartsWith("ALIBABA_CLOUD_", StringComparison.Ordinal) || name.StartsWith("SAESECRET_", StringComparison.Ordinal))
                {
                    Environment.SetEnvironmentVariable(name, null);
                }
            }
            Environment.SetEnvironmentVariable("ALIBABA_CLOUD_CONFIG_FILE", Path.Combine(Directory, "no-aliyun-config.json"));
            Environment.SetEnvironmentVariable("ALIBABA_CLOUD_CREDENTIALS_FILE", Path.Combine(Directory, "no-credentials.ini"));
            Environment.SetEnvironmentVariable("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
        }
    }
}
