using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Lets -SecretData take, besides a hashtable, a PSCustomObject (e.g. from ConvertFrom-Json) or a JSON object
    /// string (e.g. a CSV column), so pipeline input binds without hand-written conversion.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SecretDataTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case IDictionary dictionary:
                    return dictionary;
                case PSObject custom:
                    var fromObject = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (var property in custom.Properties)
                    {
                        fromObject[property.Name] = property.Value;
                    }
                    return fromObject;
                case string text when text.TrimStart().StartsWith("{", StringComparison.Ordinal):
                    return FromJson(text);
                case null:
                    return null;
                default:
                    // PowerShell's own conversion error would quote the value, which may well be a password.
                    throw new ArgumentTransformationMetadataException(
                        "SecretData must be a hashtable of key names to values, a PSCustomObject, or a JSON object text such as '{\"password\":\"value\"}'; a value of type " +
                        value.GetType().FullName + " was given. To store one value, name its key: -SecretData @{ password = $value }.");
            }
        }

        private static IDictionary FromJson(string text)
        {
            IList<KeyValuePair<string, string?>> members;
            try
            {
                members = SecretDataJson.ReadObject(text);
            }
            catch (SaeInputException ex)
            {
                throw TransformationError.From(ex);
            }
            var map = new OrderedDictionary(members.Count, StringComparer.Ordinal);
            foreach (var member in members)
            {
                map.Add(member.Key, member.Value);
            }
            return map;
        }
    }
}
