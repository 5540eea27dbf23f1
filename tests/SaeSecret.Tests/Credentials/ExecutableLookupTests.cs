using System;
using System.Collections.Generic;
using SaeSecret.PowerShell.Credentials;
using Xunit;

namespace SaeSecret.Tests.Credentials
{
    /// <summary>process_command's program lookup, with a made-up file system so the Windows rules run everywhere.</summary>
    public class ExecutableLookupTests
    {
        private static Func<string, bool> Files(params string[] paths)
        {
            var set = new HashSet<string>(paths, StringComparer.Ordinal);
            return set.Contains;
        }

        [Fact]
        public void Unix_a_bare_name_is_the_first_match_in_PATH_order()
        {
            var found = ExecutableLookup.Find("helper", "/opt/a:/usr/bin", null, windows: false, Files("/usr/bin/helper", "/opt/a/helper"));

            Assert.Equal("/opt/a/helper", found);
        }

        [Theory]
        [InlineData(".")]
        [InlineData("")]
        [InlineData("relative/bin")]
        public void Unix_empty_and_relative_PATH_entries_are_not_searched(string entry)
        {
            var found = ExecutableLookup.Find("helper", entry + ":/usr/bin", null, windows: false, Files("./helper", "helper", "relative/bin/helper", "/helper"));

            Assert.Null(found);
        }

        [Theory]
        [InlineData("./helper")]
        [InlineData("bin/helper")]
        [InlineData("/opt/helper")]
        public void A_name_with_a_separator_is_a_path_and_is_not_searched_for(string program)
        {
            Assert.Equal(program, ExecutableLookup.Find(program, "/usr/bin", null, windows: false, Files()));
        }

        [Fact]
        public void Windows_a_bare_name_gets_each_PATHEXT_extension_in_order()
        {
            var found = ExecutableLookup.Find("helper", @"C:\Tools;D:\Bin", ".EXE;.CMD", windows: true, Files(@"D:\Bin\helper.EXE", @"C:\Tools\helper.CMD"));

            Assert.Equal(@"C:\Tools\helper.CMD", found);
        }

        [Fact]
        public void Windows_without_PATHEXT_uses_the_default_extensions()
        {
            var found = ExecutableLookup.Find("helper", @"C:\Tools", null, windows: true, Files(@"C:\Tools\helper", @"C:\Tools\helper.BAT"));

            Assert.Equal(@"C:\Tools\helper.BAT", found);
        }

        [Fact]
        public void Windows_a_name_with_an_extension_is_tried_as_given_first()
        {
            var found = ExecutableLookup.Find("helper.exe", @"C:\Tools", ".EXE", windows: true, Files(@"C:\Tools\helper.exe", @"C:\Tools\helper.exe.EXE"));

            Assert.Equal(@"C:\Tools\helper.exe", found);
        }

        [Theory]
        [InlineData(@".\helper")]
        [InlineData(@"C:helper")]
        [InlineData("tools/helper")]
        public void Windows_a_name_with_a_separator_or_drive_is_a_path(string program)
        {
            Assert.Equal(program, ExecutableLookup.Find(program, @"C:\Tools", null, windows: true, Files()));
        }

        [Theory]
        [InlineData(".")]
        [InlineData(@"relative\bin")]
        public void Windows_relative_PATH_entries_are_not_searched(string entry)
        {
            var found = ExecutableLookup.Find("helper", entry + @";C:\Tools", ".EXE", windows: true, Files(@".\helper.EXE", @"relative\bin\helper.EXE"));

            Assert.Null(found);
        }

        [Fact]
        public void Windows_quoted_PATH_entries_are_unquoted()
        {
            var found = ExecutableLookup.Find("helper", "\"C:\\Program Files\\Tool\"", ".EXE", windows: true, Files(@"C:\Program Files\Tool\helper.EXE"));

            Assert.Equal(@"C:\Program Files\Tool\helper.EXE", found);
        }
    }
}
