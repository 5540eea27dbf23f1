using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// An HTTP/1.1 request as the bytes <see cref="BlockingHttp"/> writes: the request line, the headers HttpClient
    /// would send (Host, the request's and its content's headers, Content-Length, Accept-Encoding) and the body, in one
    /// buffer per thread that is wiped when disposed (a body or a query may carry secret values).
    /// </summary>
    internal sealed class RequestBytes : IDisposable
    {
        private const int KeptBytes = 64 * 1024;

        [ThreadStatic] private static byte[]? t_buffer;

        private byte[] _buffer;
        private int _length;

        private RequestBytes(byte[] buffer)
        {
            _buffer = buffer;
        }

        public byte[] Buffer => _buffer;

        public int Length => _length;

        /// <summary>The request's bytes; a header name or value that HTTP cannot carry is refused before anything is sent.</summary>
        public static RequestBytes Of(HttpRequestMessage request)
        {
            var uri = request.RequestUri!;
            var bytes = new RequestBytes(t_buffer ?? new byte[4096]);
            t_buffer = null;
            try
            {
                byte[]? body = null;
                int bodyLength = 0;
                if (request.Content != null)
                {
                    using (var collected = new Collector())
                    {
                        // ByteArrayContent (the only content the module sends) writes synchronously.
                        request.Content.CopyToAsync(collected).GetAwaiter().GetResult();
                        body = collected.Buffer;
                        bodyLength = collected.Count;
                        collected.Release();
                    }
                }
                try
                {
                    bytes.Ascii(request.Method.Method);
                    bytes.Ascii(" ");
                    bytes.Ascii(uri.PathAndQuery);
                    bytes.Ascii(" HTTP/1.1\r\nHost: ");
                    var host = request.Headers.Host ?? uri.Authority;
                    bytes.Value("Host", host);
                    bytes.Ascii("\r\n");
                    bool acceptEncoding = false;
                    foreach (var header in request.Headers)
                    {
                        if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase)) continue;
                        if (string.Equals(header.Key, "Accept-Encoding", StringComparison.OrdinalIgnoreCase)) acceptEncoding = true;
                        bytes.Header(header.Key, header.Value);
                    }
                    if (!acceptEncoding) bytes.Ascii("Accept-Encoding: gzip, deflate\r\n");
                    if (request.Content != null)
                    {
                        foreach (var header in request.Content.Headers)
                        {
                            if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                            bytes.Header(header.Key, header.Value);
                        }
                    }
                    if (request.Content != null || request.Method == HttpMethod.Post || request.Method == HttpMethod.Put)
                    {
                        bytes.Ascii("Content-Length: ");
                        bytes.Ascii(bodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        bytes.Ascii("\r\n");
                    }
                    bytes.Ascii("\r\n");
                    if (bodyLength > 0) bytes.Append(body!, bodyLength);
                }
                finally
                {
                    if (body != null) Collector.Wipe(body, bodyLength);
                }
                return bytes;
            }
            catch
            {
                bytes.Dispose();
                throw;
            }
        }

        private void Header(string name, IEnumerable<string> values)
        {
            foreach (var c in name)
            {
                if (!IsTokenChar(c)) throw new HttpRequestException("The request header name '" + ServerText.Inert(name) + "' is not a valid HTTP header name; nothing was sent.");
            }
            Ascii(name);
            Ascii(": ");
            // Product lists are separated by spaces, other lists by commas (as HttpClient writes them).
            var separator = string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ";
            bool first = true;
            foreach (var value in values)
            {
                if (!first) Ascii(separator);
                first = false;
                Value(name, value);
            }
            Ascii("\r\n");
        }

        private void Value(string name, string value)
        {
            foreach (var c in value)
            {
                // Printable ASCII and tab: a line break would split the header, anything else has no agreed encoding.
                if ((c < 0x20 && c != '\t') || c > 0x7E)
                {
                    throw new HttpRequestException("The value of the request header '" + name + "' holds a character HTTP headers cannot carry; nothing was sent.");
                }
            }
            Ascii(value);
        }

        /// <summary>A character of an HTTP token (a header name), in requests and answers alike.</summary>
        internal static bool IsTokenChar(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;

        private void Ascii(string text)
        {
            Reserve(text.Length);
            for (int i = 0; i < text.Length; i++) _buffer[_length + i] = (byte)text[i];
            _length += text.Length;
        }

        private void Append(byte[] data, int count)
        {
            Reserve(count);
            System.Buffer.BlockCopy(data, 0, _buffer, _length, count);
            _length += count;
        }

        private void Reserve(int count)
        {
            if (_length + count <= _buffer.Length) return;
            var larger = new byte[Math.Max(_buffer.Length * 2, _length + count)];
            System.Buffer.BlockCopy(_buffer, 0, larger, 0, _length);
            Array.Clear(_buffer, 0, _length);
            _buffer = larger;
        }

        public void Dispose()
        {
            var buffer = _buffer;
            if (buffer == null) return;
            Array.Clear(buffer, 0, _length);
            _buffer = null!;
            _length = 0;
            if (buffer.Length <= KeptBytes) t_buffer = buffer;
        }

        /// <summary>A write-only stream that collects what a content writes, in a buffer wiped by its owner.</summary>
        private sealed class Collector : Stream
        {
            public byte[] Buffer = new byte[1024];
            public int Count;
            private bool _released;

            public void Release() => _released = true;

            public static void Wipe(byte[] buffer, int length) => Array.Clear(buffer, 0, Math.Min(length, buffer.Length));

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (Count + count > Buffer.Length)
                {
                    var larger = new byte[Math.Max(Buffer.Length * 2, Count + count)];
                    System.Buffer.BlockCopy(Buffer, 0, larger, 0, Count);
                    Wipe(Buffer, Count);
                    Buffer = larger;
                }
                System.Buffer.BlockCopy(buffer, offset, Buffer, Count, count);
                Count += count;
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Write(buffer, offset, count);
                return Task.CompletedTask;
            }

            protected override void Dispose(bool disposing)
            {
                // A content that failed midway: what it wrote is wiped here (otherwise the caller wipes it).
                if (!_released) Wipe(Buffer, Count);
                base.Dispose(disposing);
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
