using System;
using SaeSecret.PowerShell.Commands;
using Xunit;

namespace SaeSecret.Tests.Commands
{
    /// <summary>Where Import-Module loads the module's own Newtonsoft.Json (ModuleInitializer.NeedsPreload).</summary>
    public class ModuleInitializerTests
    {
        [Theory]
        // Windows PowerShell 5.1: System.Management.Automation 3.0.0.0 on .NET Framework.
        [InlineData(".NET Framework 4.8.9290.0", "3.0.0.0", true)]
        // PowerShell 7.0 and 7.1, most of whose releases ship Newtonsoft.Json 12.
        [InlineData(".NET Core 3.1.32", "7.0.13.500", true)]
        [InlineData(".NET 5.0.17", "7.1.7.500", true)]
        [InlineData(".NET 6.0.36", "7.1.99.0", true)]
        // PowerShell 7.2 and later ship Newtonsoft.Json 13: nothing is loaded at import.
        [InlineData(".NET 6.0.36", "7.2.0.0", false)]
        [InlineData(".NET 8.0.11", "7.4.6.500", false)]
        [InlineData(".NET 10.0.0", "7.6.9.500", false)]
        public void Preloads_only_where_PowerShell_may_lack_Newtonsoft_Json_13(string framework, string powerShell, bool expected)
        {
            Assert.Equal(expected, ModuleInitializer.NeedsPreload(framework, Version.Parse(powerShell)));
        }

        [Fact]
        public void Preloads_when_the_PowerShell_version_is_unknown()
        {
            Assert.True(ModuleInitializer.NeedsPreload(".NET 10.0.0", null));
        }

        [Fact]
        public void Preloads_on_NET_Framework_whatever_the_version_reads()
        {
            Assert.True(ModuleInitializer.NeedsPreload(".NET Framework 4.7.2", new Version(7, 6)));
        }
    }
}
