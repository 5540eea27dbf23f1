using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>Update-SaeSecret: replaces the data of an SAE Secret (UpdateSecret API).</summary>
    [Cmdlet(VerbsData.Update, "SaeSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(UpdateSecretResult))]
    public sealed class UpdateSaeSecretCommand : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Dictionary<string, Uri> _endpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
        private ICredentialProvider _credentials;
        private SaeClient _client;
        private RetryPolicy _retry;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string NamespaceId { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SecretIdTransformation]
        public long SecretId { get; set; }

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        [SecretDataTransformation]
        public IDictionary SecretData { get; set; }

        [Parameter]
        public SwitchParameter Base64Encoded { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionIdCompleter))]
        public string RegionId { get; set; }

        // Command line only: a column of a data file must not choose where signed requests and their values go.
        [Parameter]
        public Uri Endpoint { get; set; }

        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter]
        public SecureString SecurityToken { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ProfileName { get; set; }

        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; } = 3;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = (int)RetryPolicy.DefaultTimeout.TotalSeconds;

        protected override void BeginProcessing()
        {
            _retry = new RetryPolicy { MaxRetries = MaxRetries, Timeout = TimeSpan.FromSeconds(TimeoutSec) };
            _verbose = IsVerboseEnabled();
            ResultFormat.EnsureLoaded(this);
        }

        private bool _verbose;

        private bool IsVerboseEnabled()
        {
            if (MyInvocation.BoundParameters.TryGetValue("Verbose", out var bound))
            {
                return bound is SwitchParameter verbose ? verbose.IsPresent : LanguagePrimitives.IsTrue(bound);
            }
            var preference = SessionState.PSVariable.GetValue("VerbosePreference");
            return preference is ActionPreference action && action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;
        }

        protected override void ProcessRecord()
        {
            var identity = new SecretIdentity(NamespaceId, SecretId);
            try
            {
                var request = PrepareRequest();
                var keyList = string.Join(", ", request.Data.Keys);
                if (!ShouldProcess(request.Target, "Replace the secret's data with keys: " + keyList))
                {
                    return;
                }

                var credentials = _credentials ?? (_credentials = ResolveCredentialProvider());
                _client = _client ?? new SaeClient();
                if (_verbose)
                {
                    WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                        "UpdateSecret PUT {0}{1} for namespace '{2}', secret {3}, keys: {4}",
                        request.Endpoint.GetLeftPart(UriPartial.Authority), SaeClient.UpdateSecretPath, request.NamespaceId, request.SecretId, keyList));
                }

                // The message pump costs a thread hand-off per record; only Verbose needs the client's lines live.
                ReportCredentialSource(credentials);
                var result = _verbose
                    ? RunWithMessages(log => _client.UpdateSecretAsync(request, credentials, _retry, log, _stopping.Token))
                    : _client.UpdateSecretAsync(request, credentials, _retry, null, _stopping.Token).GetAwaiter().GetResult();
                if (_verbose)
                {
                    WriteVerbose("UpdateSecret " + request.Target + " succeeded, RequestId " + result.RequestId);
                }
                WriteObject(result);
            }
            catch (SaeInputException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidArgument, identity));
            }
            catch (CredentialsException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.AuthenticationError, identity));
            }
            catch (SaeServiceException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorCode, ErrorCategoryMap.For(ex), identity)
                {
                    ErrorDetails = ex.Recommend == null ? null : new ErrorDetails(ex.Message) { RecommendedAction = "See " + ex.Recommend },
                });
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }

        protected override void EndProcessing()
        {
            _stopping.Dispose();
        }

        /// <summary>Validates this record's input and encodes it; nothing is sent when this throws.</summary>
        private UpdateSecretRequest PrepareRequest()
        {
            var region = SaeEndpoint.RegionOf(NamespaceId);
            if (SecretId <= 0)
            {
                throw new SaeInputException(InputErrorIds.SecretIdOutOfRange,
                    "SecretId " + SecretId.ToString(CultureInfo.InvariantCulture) + " is not a valid secret id: it must be a positive number, as shown in the SAE console.",
                    "SecretId");
            }
            if (!string.IsNullOrEmpty(RegionId))
            {
                SaeEndpoint.ValidateRegionId(RegionId);
                region = RegionId;
            }
            var data = SecretDataEncoder.Encode(Entries(SecretData), Base64Encoded.IsPresent);
            return new UpdateSecretRequest(EndpointFor(region), NamespaceId, SecretId, data);
        }

        private Uri EndpointFor(string region)
        {
            var key = Endpoint == null ? region : Endpoint.OriginalString;
            if (!_endpoints.TryGetValue(key, out var uri))
            {
                uri = Endpoint == null ? SaeEndpoint.ForRegion(region) : SaeEndpoint.ValidateEndpoint(Endpoint, nameof(Endpoint));
                _endpoints[key] = uri;
            }
            return uri;
        }

        private static IEnumerable<KeyValuePair<string, object>> Entries(IDictionary map)
        {
            if (map == null) return null;
            var entries = new List<KeyValuePair<string, object>>(map.Count);
            foreach (DictionaryEntry entry in map)
            {
                var key = Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture);
                entries.Add(new KeyValuePair<string, object>(key, Unwrap(entry.Value)));
            }
            return entries;
        }

        private static object Unwrap(object value)
        {
            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    throw new SaeInputException(InputErrorIds.SecretDataValueUnsupported,
                        "A SecretData value is an object with properties; a secret value must be a single string, SecureString, byte[], char[], number or boolean. Convert it with ConvertTo-Json first if the JSON text is what you want to store.",
                        "SecretData");
                }
                return wrapped.BaseObject;
            }
            return value;
        }

        private ICredentialProvider ResolveCredentialProvider()
        {
            ICredentialProvider provider;
            if (Credential != null)
            {
                var id = Credential.UserName;
                var secret = Credential.GetNetworkCredential().Password;
                if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
                {
                    throw new CredentialsException(CredentialsException.InvalidErrorId,
                        "-Credential needs the AccessKeyId as its user name and the AccessKeySecret as its password; " +
                        (string.IsNullOrEmpty(id) ? "the user name" : "the password") + " is empty.");
                }
                var token = SecurityToken == null ? null : new string(SecureText.ToChars(SecurityToken));
                provider = new StaticCredentialProvider(new AlibabaCloudCredential(id, secret, token, null,
                    token == null ? "the -Credential parameter" : "the -Credential and -SecurityToken parameters"));
            }
            else if (SecurityToken != null)
            {
                throw new CredentialsException(CredentialsException.InvalidErrorId,
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
            // On a pool thread: with the synchronous transport the call would otherwise finish before any line is shown.
            var task = Task.Run(() => start(log));
            task.ContinueWith(_ => messages.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var message in messages.GetConsumingEnumerable())
            {
                WriteVerbose(message);
            }
            return task.GetAwaiter().GetResult();
        }

        private bool _reportedSource;

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
