using System;
using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Lets -SecretData take, besides a hashtable, a PSCustomObject (e.g. from ConvertFrom-Json) or a JSON object
    /// string (e.g. a CSV column), so pipeline input binds without hand-written conversion.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecretDataTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
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
            JObject json;
            try
            {
                json = JObject.Parse(text);
            }
            catch (JsonException)
            {
                throw new ArgumentTransformationMetadataException(
                    "SecretData is a string that starts like JSON but is not a valid JSON object. Pass a hashtable, or a JSON object such as '{\"password\":\"value\"}'.");
            }
            var map = new OrderedDictionary(StringComparer.Ordinal);
            foreach (var property in json.Properties())
            {
                var token = property.Value;
                if (token.Type == JTokenType.Object || token.Type == JTokenType.Array)
                {
                    throw new ArgumentTransformationMetadataException(
                        "SecretData key '" + property.Name + "' holds a JSON object or array; each value must be text, a number or a boolean. Put nested JSON in a string if that is what you want to store.");
                }
                map[property.Name] = token.Type == JTokenType.Null ? null
                    : token.Type == JTokenType.String ? (string)token
                    : token.ToString(Formatting.None);
            }
            return map;
        }
    }
}
