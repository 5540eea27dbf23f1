using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Signing;

namespace SaeSecret.PowerShell.Credentials
{
    /// <summary>
    /// The aliyun CLI's External mode: runs process_command (no shell) and reads the JSON it prints,
    /// {"mode":"AK","access_key_id","access_key_secret"} or mode "StsToken" with "sts_token".
    /// Its output is never repeated in an error: it holds the secret.
    /// </summary>
    internal sealed class ExternalProcessCredentialProvider : RefreshingCredentialProvider
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        private readonly string _command;
        private readonly string _source;
        private readonly TimeSpan _timeout;

        public ExternalProcessCredentialProvider(string command, string source, TimeSpan? timeout = null)
        {
            _command = command;
            _source = source;
            _timeout = timeout ?? DefaultTimeout;
        }

        public override string Name => _source;

        protected override string CreateCacheKey() => string.Join("\n", "External", _command, _source);

        protected override async Task<AlibabaCloudCredential> FetchAsync(CancellationToken cancellationToken)
        {
            var words = CommandLine.Split(_command, _source);
            var program = words[0];
            words.RemoveAt(0);
            var executable = ExecutableLookup.Find(program) ?? throw new CredentialsException(ErrorIds.CredentialsSourceFailed,
                _source + ": the process_command program '" + program + "' was not found on PATH (a bare name is not looked up in the current directory; give a path to run a program from there).");
            var start = new ProcessStartInfo(executable, CommandLine.Join(words))
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
            };

            using (var process = new Process { StartInfo = start, EnableRaisingEvents = true })
            {
                var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                process.Exited += (s, e) => exited.TrySetResult(true);
                try
                {
                    process.Start();
                }
                catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException)
                {
                    throw new CredentialsException(ErrorIds.CredentialsSourceFailed,
                        _source + ": the process_command program '" + program + "' could not be started: " + ex.Message.TrimEnd('.') + ".");
                }
                process.StandardInput.Close();
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (process.HasExited) exited.TrySetResult(true);

                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(_timeout);
                    var cancelled = new TaskCompletionSource<bool>();
                    using (timeout.Token.Register(() => cancelled.TrySetResult(true)))
                    {
                        // Its output must be read to the end as well: a child it left running could hold the pipe open.
                        var finished = Task.WhenAll(exited.Task, stdout, stderr);
                        if (await Task.WhenAny(finished, cancelled.Task).ConfigureAwait(false) != finished)
                        {
                            Kill(process);
                            cancellationToken.ThrowIfCancellationRequested();
                            throw new CredentialsException(ErrorIds.CredentialsSourceFailed, string.Format(CultureInfo.InvariantCulture,
                                "{0}: the process_command program '{1}' did not finish within {2} s and was stopped.", _source, program, _timeout.TotalSeconds));
                        }
                    }
                }
                process.WaitForExit();
                var output = await stdout.ConfigureAwait(false);
                await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw new CredentialsException(ErrorIds.CredentialsSourceFailed, string.Format(CultureInfo.InvariantCulture,
                        "{0}: the process_command program '{1}' exited with code {2} (its output is not shown: it may hold secrets).", _source, program, process.ExitCode));
                }
                return Read(output, program);
            }
        }

        private AlibabaCloudCredential Read(string output, string program)
        {
            var fail = _source + ": the process_command program '" + program + "' printed ";
            var fields = TemporaryCredentialJson.TryParseObject(output);
            if (fields == null)
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, fail + "something that is not a JSON object (it is not shown: it may hold secrets).");
            }
            var mode = TemporaryCredentialJson.String(fields, "mode");
            var id = TemporaryCredentialJson.String(fields, "access_key_id");
            var secret = TemporaryCredentialJson.String(fields, "access_key_secret");
            var token = TemporaryCredentialJson.String(fields, "sts_token");
            bool sts = string.Equals(mode, "StsToken", StringComparison.OrdinalIgnoreCase);
            if (!sts && !string.Equals(mode, "AK", StringComparison.OrdinalIgnoreCase))
            {
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed,
                    fail + (mode == null ? "JSON without \"mode\"" : "mode '" + mode + "'") + "; it must be AK or StsToken.");
            }
            if (id == null || secret == null || (sts && token == null))
            {
                var missing = id == null ? "access_key_id" : secret == null ? "access_key_secret" : "sts_token";
                throw new CredentialsException(ErrorIds.CredentialsSourceFailed, fail + "mode " + mode + " without \"" + missing + "\".");
            }
            DateTimeOffset? expiration = null;
            var expirationText = TemporaryCredentialJson.String(fields, "expiration");
            if (expirationText != null && TemporaryCredentialJson.TryParseExpiration(expirationText, out var parsed)) expiration = parsed;
            return new AlibabaCloudCredential(id, secret, sts ? token : null, expiration, _source);
        }

        /// <summary>Process.Kill(bool entireProcessTree): .NET Core 3.0 and later (PowerShell 7), not netstandard2.0.</summary>
        private static readonly MethodInfo? KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

        /// <summary>Ends the program and what it started: a child left running would hold on to the output pipe and the key.</summary>
        private static void Kill(Process process)
        {
            try
            {
                if (process.HasExited) return;
                if (KillTree != null) KillTree.Invoke(process, new object[] { true });
                else process.Kill();
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException || ex.InnerException is Win32Exception || ex.InnerException is AggregateException)
            {
                // It exited meanwhile, or a child could not be ended (already exiting).
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
            catch (Win32Exception)
            {
                // Already exiting; nothing more to do.
            }
        }
    }

    /// <summary>process_command split into words without a shell: spaces separate, '…' and "…" group.</summary>
    internal static class CommandLine
    {
        public static List<string> Split(string command, string source)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            bool inWord = false;
            char quote = '\0';
            foreach (var c in command ?? string.Empty)
            {
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0';
                    else word.Append(c);
                }
                else if (c == '"' || c == '\'')
                {
                    quote = c;
                    inWord = true;
                }
                else if (char.IsWhiteSpace(c))
                {
                    if (inWord) words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
                else
                {
                    word.Append(c);
                    inWord = true;
                }
            }
            if (quote != '\0')
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid, source + ": process_command has an unclosed " + quote + " quote.");
            }
            if (inWord) words.Add(word.ToString());
            if (words.Count == 0 || words[0].Length == 0)
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid, source + ": process_command is empty.");
            }
            return words;
        }

        /// <summary>
        /// Arguments as one string that both Windows (CommandLineToArgvW rules) and .NET on Unix split back into
        /// exactly these words; netstandard2.0 has no ProcessStartInfo.ArgumentList.
        /// </summary>
        public static string Join(IEnumerable<string> words)
        {
            var sb = new StringBuilder();
            foreach (var word in words)
            {
                if (sb.Length > 0) sb.Append(' ');
                if (word.Length > 0 && word.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
                {
                    sb.Append(word);
                    continue;
                }
                sb.Append('"');
                int backslashes = 0;
                foreach (var c in word)
                {
                    if (c == '\\')
                    {
                        backslashes++;
                        continue;
                    }
                    // Backslashes are literal unless they precede a quote; then each must be doubled.
                    sb.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                    backslashes = 0;
                    sb.Append(c);
                }
                sb.Append('\\', backslashes * 2);
                sb.Append('"');
            }
            return sb.ToString();
        }
    }
}
