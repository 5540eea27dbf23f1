// The nullable-analysis attributes of .NET Core 3.0 and later, which netstandard2.0 lacks. The compiler recognises
// them by name; internal, so they never clash with the runtime's own when the assembly is loaded on PowerShell 7,
// and [Embedded], so the projects this assembly shows its internals to still see only the runtime's.
namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>The output is not null when the parameter it names is not null.</summary>
    [Microsoft.CodeAnalysis.Embedded]
    [AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.ReturnValue, AllowMultiple = true, Inherited = false)]
    internal sealed class NotNullIfNotNullAttribute : Attribute
    {
        public NotNullIfNotNullAttribute(string parameterName)
        {
            ParameterName = parameterName;
        }

        public string ParameterName { get; }
    }

    /// <summary>The parameter is not null when the method returns <see cref="ReturnValue"/>.</summary>
    [Microsoft.CodeAnalysis.Embedded]
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    internal sealed class NotNullWhenAttribute : Attribute
    {
        public NotNullWhenAttribute(bool returnValue)
        {
            ReturnValue = returnValue;
        }

        public bool ReturnValue { get; }
    }
}

namespace Microsoft.CodeAnalysis
{
    /// <summary>Marks a type the compiler hides from every other assembly, InternalsVisibleTo or not.</summary>
    [Embedded]
    internal sealed class EmbeddedAttribute : System.Attribute
    {
    }
}
