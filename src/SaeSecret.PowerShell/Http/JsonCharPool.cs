using System;
using Newtonsoft.Json;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// The character buffer of a <see cref="JsonTextReader"/> reading an answer, kept per thread: a new one (2 KB) for
    /// every answer was a third of what parsing it allocated. Handed out while a reader holds it and wiped when it comes
    /// back, since an answer may carry secret values.
    /// </summary>
    internal sealed class JsonCharPool : IArrayPool<char>
    {
        public static readonly JsonCharPool Instance = new JsonCharPool();

        // Larger buffers (long strings) are not kept: the pool only spares the allocation every answer makes.
        private const int MaxKept = 4096;

        [ThreadStatic] private static char[]? t_buffer;

        private JsonCharPool()
        {
        }

        public char[] Rent(int minimumLength)
        {
            var buffer = t_buffer;
            if (buffer != null && buffer.Length >= minimumLength)
            {
                t_buffer = null;
                return buffer;
            }
            return new char[minimumLength];
        }

        public void Return(char[]? array)
        {
            if (array == null || array.Length > MaxKept) return;
            Array.Clear(array, 0, array.Length);
            t_buffer = array;
        }
    }
}
