using System;
using System.Management.Automation;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// The base of the helpers that call no API (New-SaeSecretData, New-SaeDockerConfigSecretData, New-SaeTlsSecretData):
    /// the cmdlet says what to do for one record (<see cref="ProcessOne"/>) and after the last one (<see cref="EndOfInput"/>);
    /// the base turns the module's exceptions into terminating errors through <see cref="ErrorCategoryMap.RecordFor"/>.
    /// </summary>
    public abstract class SaeOfflineCmdlet : PSCmdlet
    {
        protected sealed override void ProcessRecord() => Translate(ProcessOne);

        protected sealed override void EndProcessing() => Translate(EndOfInput);

        /// <summary>The work for one record (nothing by default).</summary>
        protected virtual void ProcessOne()
        {
        }

        /// <summary>The work after the last record (nothing by default).</summary>
        protected virtual void EndOfInput()
        {
        }

        /// <summary>What a refused input is about, for its error record; null by default.</summary>
        protected virtual object? ErrorTarget(SaeInputException error) => null;

        private void Translate(Action work)
        {
            try
            {
                work();
            }
            catch (SaeInputException ex)
            {
                ThrowTerminatingError(ErrorCategoryMap.RecordFor(ex, () => ErrorTarget(ex))!);
            }
        }
    }
}
