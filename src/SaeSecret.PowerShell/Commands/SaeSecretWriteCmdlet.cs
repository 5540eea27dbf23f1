using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// The secret-write workflow of New-, Set- and Update-SaeSecret: the cmdlet reads what it needs and lets
    /// <see cref="SecretWritePlan.Decide"/> choose; this base confirms (What-if text from the plan), writes, and names the
    /// applications that must restart to see the new data.
    /// </summary>
    public abstract class SaeSecretWriteCmdlet : SaeApiCmdlet
    {
        private readonly List<PendingRestart> _restarts = new List<PendingRestart>();
        private readonly HashSet<string> _queued = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<ChangeOrder> _submitted = new List<ChangeOrder>();

        /// <summary>-RestartApplications: restart the applications of every changed secret after the last record, and wait.</summary>
        private protected virtual bool RestartRequested => false;

        /// <summary>Confirms and sends CreateSecret; null when declined.</summary>
        private protected CreatedSecret? Create(Uri endpoint, string namespaceId, string secretName, string type, SecretWritePlan plan, string target)
        {
            if (!ShouldProcess(target, () => plan.WhatIf(type))) return null;
            return Call(SaeOperations.CreateSecret(endpoint, namespaceId, secretName, type, plan.Data!), VerboseEnabled ? SecretWritePlan.KeyList(plan.Data!) : null);
        }

        /// <summary>
        /// Confirms and sends UpdateSecret; null when declined. When the secret's description is known, the result carries
        /// its applications and, if the data changed, a warning names them.
        /// </summary>
        /// <param name="notRead">Why the stored data was not compared, for the What-if text; null when it was, or was not tried.</param>
        private protected UpdateSecretResult? Update(Uri endpoint, string namespaceId, long secretId, SecretWritePlan plan, string target,
            SecretInfo? described, string? notRead = null)
        {
            if (!ShouldProcess(target, () => plan.WhatIf(null, notRead)))
            {
                // Under -WhatIf the restarts that would follow are shown too; a write declined at a prompt restarts nothing.
                if (WhatIfEnabled && described != null && plan.Changes) QueueRestarts(namespaceId, secretId, described);
                return null;
            }
            var result = WithChanges(Call(SaeOperations.UpdateSecret(endpoint, namespaceId, secretId, plan.Data!, described?.RelateApps),
                VerboseEnabled ? SecretWritePlan.KeyList(plan.Data!) : null), plan);
            if (described != null && plan.Changes)
            {
                if (RestartRequested) QueueRestarts(namespaceId, secretId, described);
                else WarnAboutRestart(namespaceId, secretId, described.SecretName, described.RelateApps);
            }
            return result;
        }

        /// <summary>The change record of a result: the plan's key-by-key difference, when the stored data was compared.</summary>
        private protected static T WithChanges<T>(T result, SecretWritePlan plan) where T : SecretChangeRecord
        {
            if (plan.Diff != null) result.RecordChanges(plan.Diff.Add, plan.Diff.Change, plan.Diff.Remove, plan.Diff.Unchanged);
            return result;
        }

        private void QueueRestarts(string namespaceId, long secretId, SecretInfo described)
        {
            if (!RestartRequested) return;
            var secret = namespaceId + "/" + secretId.ToString(CultureInfo.InvariantCulture) + (string.IsNullOrEmpty(described.SecretName) ? string.Empty : " (" + described.SecretName + ")");
            foreach (var app in described.RelateApps ?? Array.Empty<SecretApp>())
            {
                if (string.IsNullOrEmpty(app.AppId)) continue;
                // The region the write went to (-RegionId wins over the namespace's, as it did for the write).
                var region = !string.IsNullOrEmpty(RegionId) ? RegionId! : app.RegionId ?? SaeEndpoint.RegionPart(namespaceId);
                if (_queued.Add(region + "\n" + app.AppId)) _restarts.Add(new PendingRestart(region, app, secret));
            }
        }

        /// <summary>
        /// After every write of the pipeline: each distinct application (region + AppId) of the secrets that changed is
        /// restarted once, in first-seen order, then all are waited for; their change orders follow the secret results.
        /// </summary>
        protected override void EndOfPipeline()
        {
            if (_restarts.Count == 0) return;
            var session = new ChangeOrderSession(this);
            foreach (var restart in _restarts)
            {
                if (!ShouldProcess(restart.App.AppName + " (" + restart.App.AppId + ") in " + restart.Region,
                    "Restart the application to give it the new data of secret " + restart.Secret)) continue;
                var order = session.Restart(restart.Region, restart.App.AppId!, null, null);
                _submitted.Add(new ChangeOrder { RegionId = restart.Region, AppId = restart.App.AppId, AppName = restart.App.AppName, ChangeOrderId = order.ChangeOrderId, RequestId = order.RequestId });
            }
            if (_submitted.Count > 0) session.Wait(_submitted, ChangeOrderSession.DefaultTimeoutSeconds, ChangeOrderSession.DefaultDelaySeconds);
            _restarts.Clear();
        }

        /// <summary>
        /// An error stops the pipeline: the applications of the secrets already changed that were not restarted are named
        /// (the restarts come only after the last record), and so are the restarts started and not waited for.
        /// </summary>
        protected override void BeforeStopping()
        {
            if (_restarts.Count == 0 || WhatIfEnabled) return;
            var notRestarted = _restarts.Where(r => !_submitted.Any(o => o.AppId == r.App.AppId && o.RegionId == r.Region)).ToList();
            if (notRestarted.Count > 0)
            {
                WriteWarning("The pipeline stopped before restarting " + string.Join(", ", notRestarted.Select(r => r.App.AppName + " (" + r.App.AppId + ") in " + r.Region)) +
                    ", which use secrets it changed (" + string.Join(", ", notRestarted.Select(r => r.Secret).Distinct()) + "). Restart them with Restart-SaeApplication -Wait.");
            }
        }

        private sealed class PendingRestart
        {
            public PendingRestart(string region, SecretApp app, string secret)
            {
                Region = region;
                App = app;
                Secret = secret;
            }

            public string Region { get; }
            public SecretApp App { get; }
            public string Secret { get; }
        }

        /// <summary>
        /// SAE gives a secret's new data only to new instances: after a write that changed it, the applications using it
        /// are named, once per secret.
        /// </summary>
        private void WarnAboutRestart(string namespaceId, long secretId, string? secretName, SecretApp[]? apps)
        {
            if (apps == null || apps.Length == 0) return;
            WriteWarning("Secret " + namespaceId + "/" + secretId.ToString(CultureInfo.InvariantCulture) +
                (string.IsNullOrEmpty(secretName) ? string.Empty : " (" + secretName + ")") + " is used by " +
                string.Join(", ", apps.Select(a => a.AppName + " (" + a.AppId + ")")) +
                ". SAE gives the new data only to new instances: restart or redeploy these applications to see the change (-RestartApplications does it and waits).");
        }
    }
}
