using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// What every SAE API cmdlet shares: the connection parameters, credentials resolved once per pipeline, endpoints
    /// (<see cref="EndpointResolver"/>), the Verbose pump, Stop, and terminating errors keyed by the ErrorId. A cmdlet
    /// says what to do for one record (<see cref="ProcessOne"/>, and <see cref="EndOfPipeline"/> after the last one) and
    /// calls <see cref="Call{TResult}"/>; the base turns the module's exceptions into error records.
    /// </summary>
    public abstract class SaeApiCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private EndpointResolver? _resolver;
        private ICredentialProvider? _credentials;
        private SaeClient? _client;
        private RetryPolicy _retry = null!;
        private bool _verbose;
        private bool _reportedSource;

        // -WhatIf / $WhatIfPreference and -Confirm / $ConfirmPreference, read once per pipeline at first use, as
        // PowerShell's own ShouldProcess reads them: a session-state lookup per record cost more than the rest of the
        // cmdlet's own work for that record.
        private bool? _whatIf;
        private bool _confirmRead;
        private bool? _confirmSwitch;
        private object? _confirmPreference;
        private ConfirmImpact? _impact;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionIdCompleter))]
        public string? RegionId { get; set; }

        /// <summary>Only from the command line: a pipeline column must never redirect signed requests and their data.</summary>
        [Parameter]
        [EndpointTransformation]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        public SecureString? SecurityToken { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; } = 3;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = (int)RetryPolicy.DefaultTimeout.TotalSeconds;

        protected bool VerboseEnabled => _verbose;

        internal CancellationToken StoppingToken => _stopping.Token;

        protected override void BeginProcessing()
        {
            _retry = new RetryPolicy { MaxRetries = MaxRetries, Timeout = TimeSpan.FromSeconds(TimeoutSec) };
            _verbose = IsVerboseEnabled();
            ResultFormat.EnsureLoaded(this);
        }

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>One record: <see cref="ProcessOne"/>, its failures as terminating errors about <see cref="RecordTarget"/>.</summary>
        protected sealed override void ProcessRecord() => Translate(RecordTarget, ProcessOne);

        protected sealed override void EndProcessing()
        {
            try
            {
                Translate(() => null, EndOfPipeline);
            }
            finally
            {
                _stopping.Dispose();
            }
        }

        /// <summary>What the current record is about, for its error records ("&lt;NamespaceId&gt;/&lt;SecretId&gt;", a region...).</summary>
        protected abstract object? RecordTarget();

        /// <summary>The work for one record.</summary>
        protected abstract void ProcessOne();

        /// <summary>
        /// Called when an error is about to stop the pipeline: the last chance to say what was started and will not be
        /// finished (restarts not waited for, applications not restarted).
        /// </summary>
        protected virtual void BeforeStopping()
        {
        }

        /// <summary>Work after the last record (nothing by default).</summary>
        protected virtual void EndOfPipeline()
        {
        }

        /// <summary>Namespace → region → endpoint, and the default region, for this pipeline.</summary>
        internal EndpointResolver Endpoints => _resolver ?? (_resolver = new EndpointResolver(Endpoint, ProfileName));

        private bool IsVerboseEnabled()
        {
            if (MyInvocation.BoundParameters.TryGetValue("Verbose", out var bound))
            {
                return bound is SwitchParameter verbose ? verbose.IsPresent : LanguagePrimitives.IsTrue(bound);
            }
            var preference = SessionState.PSVariable.GetValue("VerbosePreference");
            return preference is ActionPreference action && action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;
        }

        /// <summary>Whether -WhatIf is in effect (bound, or $WhatIfPreference); read once per pipeline.</summary>
        protected bool WhatIfEnabled => _whatIf ?? (_whatIf = ReadWhatIf()).Value;

        private bool ReadWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound))
            {
                return bound is SwitchParameter whatIf ? whatIf.IsPresent : LanguagePrimitives.IsTrue(bound);
            }
            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        /// <summary>The cmdlet's declared ConfirmImpact (its [Cmdlet] attribute), the level PowerShell's ShouldProcess prompts at.</summary>
        private ConfirmImpact DeclaredImpact => _impact ?? (_impact =
            ((CmdletAttribute?)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute)))?.ConfirmImpact ?? ConfirmImpact.Medium).Value;

        /// <summary>Whether ShouldProcess will show its message (-WhatIf, or a confirmation prompt at the cmdlet's impact).</summary>
        protected bool ShouldProcessWillShow()
        {
            if (WhatIfEnabled) return true;
            if (!_confirmRead)
            {
                if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var bound))
                {
                    _confirmSwitch = bound is SwitchParameter confirm ? confirm.IsPresent : LanguagePrimitives.IsTrue(bound);
                }
                else
                {
                    _confirmPreference = SessionState.PSVariable.GetValue("ConfirmPreference");
                }
                _confirmRead = true;
            }
            if (_confirmSwitch.HasValue) return _confirmSwitch.Value;
            return _confirmPreference is ConfirmImpact level && level != ConfirmImpact.None && DeclaredImpact >= level;
        }

        /// <summary>
        /// ShouldProcess, with -Force skipping the prompt the way PowerShell's own cmdlets do: -WhatIf and an explicit
        /// -Confirm still win over -Force.
        /// </summary>
        protected bool ShouldProcess(string target, string action, bool force)
        {
            if (force && !WhatIfEnabled && !MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
            return ShouldProcess(target, action);
        }

        /// <summary>
        /// ShouldProcess with the message built only when it can be seen: with no -WhatIf, no prompt at the cmdlet's
        /// impact and no -Verbose (which logs the message), PowerShell answers yes and shows nothing, so the answer is
        /// given here without building the text or asking PowerShell (a per-record cost in a long pipeline).
        /// </summary>
        protected bool ShouldProcess(string target, Func<string> action)
        {
            if (!_verbose && !ShouldProcessWillShow()) return true;
            return ShouldProcess(target, action());
        }

        /// <summary>Sends one operation and waits on the pipeline thread; with Verbose, the client's lines appear live.</summary>
        /// <param name="detail">Names only (keys, never values), appended to the Verbose line.</param>
        internal TResult Call<TResult>(SaeOperation<TResult> operation, string? detail = null)
        {
            var credentials = _credentials ?? (_credentials = ResolveCredentialProvider());
            var client = _client ?? (_client = new SaeClient());
            if (_verbose)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}{3} for {4}{5}",
                    operation.Action, operation.Method.Method, operation.Endpoint.GetLeftPart(UriPartial.Authority), operation.Path, operation.Target,
                    detail == null ? string.Empty : ", " + detail));
            }
            ReportCredentialSource(credentials);
            var result = _verbose
                ? RunWithMessages(log => client.SendAsync(operation, credentials, _retry, log, _stopping.Token))
                : client.SendAsync(operation, credentials, _retry, null, _stopping.Token).GetAwaiter().GetResult();
            return result;
        }

        /// <summary>Runs work and turns the module's exceptions into terminating errors (<see cref="ErrorCategoryMap.RecordFor"/>).</summary>
        private void Translate(Func<object?> target, Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (ex is SaeInputException || ex is CredentialsException || ex is SaeServiceException)
            {
                BeforeStopping();
                ThrowTerminatingError(ErrorCategoryMap.RecordFor(ex, target)!);
            }
        }

        private ICredentialProvider ResolveCredentialProvider()
        {
            ICredentialProvider provider;
            if (Credential != null)
            {
                provider = CredentialParameters.FromCredential(Credential, SecurityToken);
            }
            else if (SecurityToken != null)
            {
                throw new CredentialsException(ErrorIds.CredentialsInvalid,
                    "-SecurityToken was given without -Credential. An STS token belongs to an STS AccessKeyId and AccessKeySecret: pass them with -Credential.");
            }
            else
            {
                provider = CredentialChain.CreateDefault(ProfileName);
            }
            WriteDebug("Credentials: looking them up from " + provider.Name);
            return provider;
        }

        /// <summary>
        /// Waits for the call on the pipeline thread, writing the Verbose lines it produces meanwhile (Write* may only
        /// be called from this thread).
        /// </summary>
        private T RunWithMessages<T>(Func<Action<string>, Task<T>> start)
        {
            var messages = new BlockingCollection<string>();
            Action<string> log = m =>
            {
                try { messages.Add(m); }
                catch (InvalidOperationException) { /* the call already finished */ }
            };
            // On a thread of its own (the synchronous transport would otherwise finish the call before any line is shown),
            // not the pool's: a blocked pool thread can delay the timer that ends its call, and BlockingHttp takes no
            // request from the pool, so -Verbose sends as the call without it does.
            var task = Task.Factory.StartNew(() => start(log), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            task.ContinueWith(_ => messages.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var message in messages.GetConsumingEnumerable())
            {
                WriteVerbose(message);
            }
            return task.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Resolves the credentials once before the first call (later calls get them from the provider's cache) and
        /// says on Debug where they came from, never what they are.
        /// </summary>
        private void ReportCredentialSource(ICredentialProvider credentials)
        {
            if (_reportedSource) return;
            var lookup = credentials.GetCredentialAsync(_stopping.Token).GetAwaiter().GetResult();
            _reportedSource = true;
            if (lookup.Credential != null)
            {
                WriteDebug("Credentials: " + lookup.Credential);
            }
        }
    }
}
