using System;
using System.Management.Automation;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Turns -Endpoint text into a Uri itself: PowerShell's own conversion error quotes the text, which may hold a
    /// password (https://user:password@host:99999). Relative text passes through, for SaeEndpoint to refuse.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class EndpointTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null || value is Uri) return value;
            var text = value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            if (Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var uri)) return uri;
            throw new ArgumentTransformationMetadataException(
                "Endpoint is not a valid URL (it is not repeated here: it may hold a password). Example: https://sae.cn-beijing.aliyuncs.com");
        }
    }
}
