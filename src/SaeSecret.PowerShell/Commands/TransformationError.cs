using System.Management.Automation;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Turns an input rule broken during parameter binding into the exception transformation attributes must throw.
    /// PowerShell then reports ParameterArgumentTransformationError; the wrapped SaeInputException keeps the module's
    /// ErrorId for scripts ($_.Exception.GetBaseException().ErrorId).
    /// </summary>
    internal static class TransformationError
    {
        public static ArgumentTransformationMetadataException From(SaeInputException reason) =>
            new ArgumentTransformationMetadataException(reason.Message, reason);
    }
}
