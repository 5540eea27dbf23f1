using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Credentials
{
    /// <summary>The External mode's process_command, run for real through /bin/sh or cmd.exe scripts.</summary>
    [Collection("Environment")]
    public class ExternalProcessCredentialProviderTests : IDisposable
    {
        private const string Source = "aliyun CLI profile 'ext' (External)";
        private const string PrintedSecret = "PrintedSecret-Distinct-31";
        private static readonly bool OnWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        private readonly TempDirectory _dir = new TempDirectory();

        public ExternalProcessCredentialProviderTests() => TemporaryCredentialCache.Clear();

        public void Dispose()
        {
            TemporaryCredentialCache.Clear();
            _dir.Dispose();
        }

        /// <summary>A command that prints <paramref name="output"/>, then waits and exits as told.</summary>
        private string Command(string output, int exitCode = 0, int sleepSeconds = 0)
        {
            var outFile = _dir.Write("out.txt", output);
            if (OnWindows)
            {
                var wait = sleepSeconds > 0 ? "@ping -n " + (sleepSeconds + 1) + " 127.0.0.1 >nul\r\n" : string.Empty;
                var script = _dir.Write("ext.cmd", "@type \"" + outFile + "\"\r\n" + wait + "@exit /b " + exitCode + "\r\n");
                return "cmd.exe /d /c \"" + script + "\"";
            }
            var sleep = sleepSeconds > 0 ? "sleep " + sleepSeconds + "\n" : string.Empty;
            var sh = _dir.Write("ext sh.sh", "cat '" + outFile + "'\n" + sleep + "exit " + exitCode + "\n");
            return "/bin/sh '" + sh + "'";
        }

        private ExternalProcessCredentialProvider Provider(string command, TimeSpan? timeout = null) =>
            new ExternalProcessCredentialProvider(command, Source, timeout);

        [Fact]
        public async Task Reads_an_AK_answer()
        {
            var lookup = await Provider(Command("{\"mode\":\"AK\",\"access_key_id\":\"ExtId\",\"access_key_secret\":\"" + PrintedSecret + "\"}")).GetCredentialAsync(CancellationToken.None);

            Assert.Equal("ExtId", lookup.Credential.AccessKeyId);
            Assert.False(lookup.Credential.IsTemporary);
            Assert.Equal(Source, lookup.Credential.Source);
        }

        [Fact]
        public async Task Reads_a_StsToken_answer_with_its_expiration()
        {
            var lookup = await Provider(Command("{\"mode\":\"StsToken\",\"access_key_id\":\"STS.Ext\",\"access_key_secret\":\"s\",\"sts_token\":\"t\",\"expiration\":\"2099-01-01T00:00:00Z\"}"))
                .GetCredentialAsync(CancellationToken.None);

            Assert.True(lookup.Credential.IsTemporary);
            Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), lookup.Credential.Expiration);
        }

        [Fact]
        public async Task The_process_runs_once_per_process_not_per_call()
        {
            var provider = Provider(Command("{\"mode\":\"AK\",\"access_key_id\":\"ExtId\",\"access_key_secret\":\"s\"}"));
            await provider.GetCredentialAsync(CancellationToken.None);
            System.IO.File.WriteAllText(System.IO.Path.Combine(_dir.Path, "out.txt"), "broken now");

            var again = await provider.GetCredentialAsync(CancellationToken.None);

            Assert.Equal("ExtId", again.Credential.AccessKeyId);
        }

        [Theory]
        [InlineData("{\"mode\":\"AK\",\"access_key_id\":\"x\",\"access_key_secret\":\"" + PrintedSecret + "\"}", 3, "exited with code 3")]
        [InlineData("secret=" + PrintedSecret, 0, "not a JSON object")]
        [InlineData("{\"mode\":\"CloudSSO\",\"access_key_secret\":\"" + PrintedSecret + "\"}", 0, "mode 'CloudSSO'")]
        [InlineData("{\"mode\":\"StsToken\",\"access_key_id\":\"x\",\"access_key_secret\":\"" + PrintedSecret + "\"}", 0, "without \"sts_token\"")]
        [InlineData("{\"access_key_id\":\"x\",\"access_key_secret\":\"" + PrintedSecret + "\"}", 0, "without \"mode\"")]
        public async Task Failures_name_the_profile_and_never_repeat_the_output(string output, int exitCode, string expected)
        {
            var ex = await Assert.ThrowsAsync<CredentialsException>(() => Provider(Command(output, exitCode)).GetCredentialAsync(CancellationToken.None));

            Assert.Equal(CredentialsException.SourceFailedErrorId, ex.ErrorId);
            Assert.StartsWith(Source + ": the process_command program ", ex.Message);
            Assert.Contains(expected, ex.Message);
            SecretAssert.DoesNotLeak(ex.ToString(), PrintedSecret, "the error");
        }

        [Fact]
        public async Task A_process_that_runs_too_long_is_stopped()
        {
            var watch = Stopwatch.StartNew();

            var ex = await Assert.ThrowsAsync<CredentialsException>(() =>
                Provider(Command("{}", 0, sleepSeconds: 20), TimeSpan.FromSeconds(1)).GetCredentialAsync(CancellationToken.None));

            Assert.Contains("did not finish within 1 s", ex.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the timeout did not stop the wait");
        }

        [Fact]
        public async Task A_program_that_does_not_exist_is_named_but_not_its_arguments()
        {
            var missing = System.IO.Path.Combine(_dir.Path, "no-such-program");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() =>
                Provider("'" + missing + "' --password ArgSecret-Distinct").GetCredentialAsync(CancellationToken.None));

            Assert.Equal(CredentialsException.SourceFailedErrorId, ex.ErrorId);
            Assert.Contains(missing, ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, "ArgSecret-Distinct", "the error");
        }
    }
}
