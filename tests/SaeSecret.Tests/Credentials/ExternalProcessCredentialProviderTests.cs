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

            Assert.Equal(ErrorIds.CredentialsSourceFailed, ex.ErrorId);
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
        public async Task A_bare_program_name_is_looked_up_on_PATH_never_in_the_current_directory()
        {
            var onPath = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(_dir.Path, "on-path")).FullName;
            var planted = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(_dir.Path, "cwd")).FullName;
            var name = "saesecret-helper-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            WriteHelper(onPath, name, "FromPath");
            WriteHelper(planted, name, "FromCurrentDirectory");
            var savedPath = Environment.GetEnvironmentVariable("PATH");
            var savedDirectory = Environment.CurrentDirectory;
            try
            {
                Environment.SetEnvironmentVariable("PATH", onPath + System.IO.Path.PathSeparator + savedPath);
                Environment.CurrentDirectory = planted;

                var lookup = await Provider(name).GetCredentialAsync(CancellationToken.None);

                Assert.Equal("FromPath", lookup.Credential.AccessKeyId);
            }
            finally
            {
                Environment.CurrentDirectory = savedDirectory;
                Environment.SetEnvironmentVariable("PATH", savedPath);
            }
        }

        [Fact]
        public async Task A_bare_program_name_only_in_the_current_directory_is_not_found()
        {
            var planted = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(_dir.Path, "cwd")).FullName;
            var name = "saesecret-helper-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            WriteHelper(planted, name, "FromCurrentDirectory");
            var savedDirectory = Environment.CurrentDirectory;
            try
            {
                Environment.CurrentDirectory = planted;

                var ex = await Assert.ThrowsAsync<CredentialsException>(() => Provider(name).GetCredentialAsync(CancellationToken.None));

                Assert.Equal(ErrorIds.CredentialsSourceFailed, ex.ErrorId);
                Assert.Contains("'" + name + "' was not found on PATH", ex.Message);
            }
            finally
            {
                Environment.CurrentDirectory = savedDirectory;
            }
        }

        [Fact]
        public async Task A_timeout_stops_the_program_and_the_processes_it_started()
        {
            var childPidFile = System.IO.Path.Combine(_dir.Path, "child.pid");
            var command = SpawnsLongLivedChild(childPidFile);
            int child = 0;
            try
            {
                var ex = await Assert.ThrowsAsync<CredentialsException>(() => Provider(command, TimeSpan.FromSeconds(2)).GetCredentialAsync(CancellationToken.None));
                Assert.Contains("did not finish within 2 s", ex.Message);
                child = ReadPid(childPidFile);

                Assert.True(WaitUntilGone(child, TimeSpan.FromSeconds(10)), "the helper's child process is still running");
            }
            finally
            {
                KillIfRunning(child == 0 && System.IO.File.Exists(childPidFile) ? ReadPid(childPidFile) : child);
            }
        }

        [Fact]
        public async Task Cancelling_stops_the_program_and_the_processes_it_started()
        {
            var childPidFile = System.IO.Path.Combine(_dir.Path, "child.pid");
            var command = SpawnsLongLivedChild(childPidFile);
            int child = 0;
            try
            {
                using (var stop = new CancellationTokenSource())
                {
                    var call = Provider(command).GetCredentialAsync(stop.Token);
                    var deadline = DateTime.UtcNow.AddSeconds(10);
                    while (!System.IO.File.Exists(childPidFile) && DateTime.UtcNow < deadline) await Task.Delay(50);
                    await Task.Delay(200);
                    stop.Cancel();

                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
                }
                child = ReadPid(childPidFile);

                Assert.True(WaitUntilGone(child, TimeSpan.FromSeconds(10)), "the helper's child process is still running");
            }
            finally
            {
                KillIfRunning(child == 0 && System.IO.File.Exists(childPidFile) ? ReadPid(childPidFile) : child);
            }
        }

        /// <summary>An executable named <paramref name="name"/> in <paramref name="directory"/> that prints an AK answer with this id.</summary>
        private static void WriteHelper(string directory, string name, string accessKeyId)
        {
            var json = "{\"mode\":\"AK\",\"access_key_id\":\"" + accessKeyId + "\",\"access_key_secret\":\"s\"}";
            if (OnWindows)
            {
                System.IO.File.WriteAllText(System.IO.Path.Combine(directory, name + ".cmd"), "@echo " + json + "\r\n");
                return;
            }
            var path = System.IO.Path.Combine(directory, name);
            System.IO.File.WriteAllText(path, "#!/bin/sh\necho '" + json + "'\n");
            System.IO.File.SetUnixFileMode(path, System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite | System.IO.UnixFileMode.UserExecute);
        }

        /// <summary>A command that starts a long-lived child, writes the child's pid to a file, and waits for it.</summary>
        private string SpawnsLongLivedChild(string childPidFile)
        {
            if (OnWindows)
            {
                var ps = _dir.Write("spawn.ps1", "$c = Start-Process -PassThru -NoNewWindow ping -ArgumentList '-n','300','127.0.0.1'; Set-Content -Path '" + childPidFile + "' -Value $c.Id; $c.WaitForExit()");
                return "powershell.exe -NoProfile -ExecutionPolicy Bypass -File \"" + ps + "\"";
            }
            var sh = _dir.Write("spawn.sh", "sleep 300 &\necho $! > '" + childPidFile + "'\nwait\n");
            return "/bin/sh '" + sh + "'";
        }

        private static int ReadPid(string file) => int.Parse(System.IO.File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Whether the process is gone; a zombie nobody has reaped yet counts as gone (it no longer runs).</summary>
        private static bool WaitUntilGone(int pid, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (IsRunning(pid))
            {
                if (DateTime.UtcNow > deadline) return false;
                Thread.Sleep(100);
            }
            return true;
        }

        private static bool IsRunning(int pid)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                string stat;
                try
                {
                    stat = System.IO.File.ReadAllText("/proc/" + pid + "/stat");
                }
                catch (System.IO.IOException)
                {
                    return false;
                }
                var state = stat.Substring(stat.LastIndexOf(')') + 2, 1);
                return state != "Z" && state != "X";
            }
            try
            {
                using (var process = Process.GetProcessById(pid)) return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static void KillIfRunning(int pid)
        {
            if (pid == 0 || !IsRunning(pid)) return;
            try
            {
                using (var process = Process.GetProcessById(pid)) process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile.
            }
        }

        [Fact]
        public async Task A_program_that_does_not_exist_is_named_but_not_its_arguments()
        {
            var missing = System.IO.Path.Combine(_dir.Path, "no-such-program");

            var ex = await Assert.ThrowsAsync<CredentialsException>(() =>
                Provider("'" + missing + "' --password ArgSecret-Distinct").GetCredentialAsync(CancellationToken.None));

            Assert.Equal(ErrorIds.CredentialsSourceFailed, ex.ErrorId);
            Assert.Contains(missing, ex.Message);
            SecretAssert.DoesNotLeak(ex.Message, "ArgSecret-Distinct", "the error");
        }
    }
}
