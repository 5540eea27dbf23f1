using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace SaeSecret.Tests.Support
{
    /// <summary>How the loopback servers read a request, so the client sees a well-behaved peer.</summary>
    internal static class RequestHead
    {
        /// <summary>Reads the request head and any Content-Length body; returns the head (request line and headers).</summary>
        public static async Task<string> ReadAsync(Stream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one) == 0) return head.ToString();
                head.Append((char)one[0]);
            }
            foreach (var line in head.ToString().Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && int.TryParse(line.Substring(15).Trim(), out var length))
                {
                    var body = new byte[length];
                    var read = 0;
                    while (read < length)
                    {
                        var n = await stream.ReadAsync(body.AsMemory(read));
                        if (n == 0) break;
                        read += n;
                    }
                }
            }
            return head.ToString();
        }
    }
}
