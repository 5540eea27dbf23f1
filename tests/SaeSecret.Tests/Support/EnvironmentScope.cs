using System;
using System.Collections.Generic;
using Xunit;

namespace SaeSecret.Tests.Support
{
    [CollectionDefinition("Environment", DisableParallelization = true)]
    public class EnvironmentCollection
    {
    }

    /// <summary>Sets environment variables for one test and puts the old values back afterwards.</summary>
    internal sealed class EnvironmentScope : IDisposable
    {
        private readonly Dictionary<string, string> _saved = new Dictionary<string, string>();
        private Action _cleanup;

        public EnvironmentScope OnDispose(Action cleanup)
        {
            _cleanup += cleanup;
            return this;
        }

        public EnvironmentScope Set(string name, string value)
        {
            if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
            return this;
        }

        public void Dispose()
        {
            foreach (var pair in _saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            _cleanup?.Invoke();
        }
    }
}
