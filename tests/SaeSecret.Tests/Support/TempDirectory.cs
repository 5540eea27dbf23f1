using System;
using System.IO;

namespace SaeSecret.Tests.Support
{
    /// <summary>A fresh directory for one test's profile files, deleted afterwards.</summary>
    internal sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "saesecret-xunit-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string name, string content)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, content);
            return file;
        }

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Path, true);
            }
            catch (IOException)
            {
                // A process started by a test may still hold a file; the OS temp cleanup gets it later.
            }
        }
    }
}
