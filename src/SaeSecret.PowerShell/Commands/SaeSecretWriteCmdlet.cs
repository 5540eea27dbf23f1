using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// The secret-write workflow of New-, Set- and Update-SaeSecret: the cmdlet reads what it needs and lets
    /// <see cref="SecretWritePlan.Decide"/> choose; this base confirms (What-if text from the plan), writes, and names the
    /// applications that must restart to see the new data.
    /// </summary>
    public abstract class SaeSecretWriteCmdlet : SaeApiCmdlet
    {
        /// <summary>Confirms and sends CreateSecret; null when declined.</summary>
        private protected CreatedSecret? Create(Uri endpoint, string namespaceId, string secretName, string type, SecretWritePlan plan, string target)
        {
            if (!ShouldProcess(target, plan.WhatIf(type))) return null;
            return Call(SaeOperations.CreateSecret(endpoint, namespaceId, secretName, type, plan.Data!), SecretWritePlan.KeyList(plan.Data!));
        }

        /// <summary>
        /// Confirms and sends UpdateSecret; null when declined. When the secret's description is known, the result carries
        /// its applications and, if the data changed, a warning names them.
        /// </summary>
        /// <param name="notRead">Why the stored data was not compared, for the What-if text; null when it was, or was not tried.</param>
        private protected UpdateSecretResult? Update(Uri endpoint, string namespaceId, long secretId, SecretWritePlan plan, string target,
            SecretInfo? described, string? notRead = null)
        {
            if (!ShouldProcess(target, plan.WhatIf(null, notRead))) return null;
            var result = Call(SaeOperations.UpdateSecret(endpoint, namespaceId, secretId, plan.Data!, described?.RelateApps), SecretWritePlan.KeyList(plan.Data!));
            if (described != null && plan.Changes) WarnAboutRestart(namespaceId, secretId, described.SecretName, described.RelateApps);
            return result;
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
                ". SAE gives the new data only to new instances: restart or redeploy these applications to see the change.");
        }
    }
}
