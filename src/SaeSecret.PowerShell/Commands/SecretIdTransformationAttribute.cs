using System;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Binds a SecretId parameter only from a whole number (see <see cref="SecretIdInput"/>), from the command line or
    /// a pipeline property, PSObject-wrapped or not. Shared by every cmdlet that takes a SecretId.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SecretIdTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            // A missing value is left to PowerShell, which reports it as it does for any mandatory parameter.
            if (value == null) return null;
            try
            {
                return SecretIdInput.ToSecretId(value);
            }
            catch (SaeInputException ex)
            {
                throw TransformationError.From(ex);
            }
        }
    }
}
