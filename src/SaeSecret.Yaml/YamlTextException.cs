using System;

namespace SaeSecret.Yaml
{
    /// <summary>
    /// Text that is not valid YAML, or that is over the engine's limits. The message says what is wrong and where
    /// (document, line, column), and never quotes a scalar's value.
    /// </summary>
    public sealed class YamlTextException : Exception
    {
        public YamlTextException(string message, int document, long line, long column, bool limitExceeded, long expandedSize, long eventsRead)
            : base(message)
        {
            Document = document;
            Line = line;
            Column = column;
            LimitExceeded = limitExceeded;
            ExpandedSize = expandedSize;
            EventsRead = eventsRead;
        }

        /// <summary>The document the problem is in: the first document of the text is 1; 0 when before any.</summary>
        public int Document { get; }

        /// <summary>1-based; 0 when not known.</summary>
        public long Line { get; }

        /// <summary>1-based; 0 when not known.</summary>
        public long Column { get; }

        /// <summary>True when the text is valid so far but too large: over the input limit, or aliases expand it beyond it.</summary>
        public bool LimitExceeded { get; }

        /// <summary>The expanded size counted when reading stopped (characters of scalar text plus one per node).</summary>
        public long ExpandedSize { get; }

        /// <summary>How many parser events were read before reading stopped: what an alias names is never copied.</summary>
        public long EventsRead { get; }
    }
}
