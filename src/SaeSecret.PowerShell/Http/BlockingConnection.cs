using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Reflection;
using System.Threading;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// One HTTP/1.1 connection of <see cref="BlockingHttp"/>: writes a request, reads the answer's head (at most
    /// 64 KiB, as HttpClient allows) and hands out the body as a stream framed by Content-Length, chunked encoding or
    /// the end of the connection. Its read buffer is wiped when an answer has been read and when it closes.
    /// </summary>
    internal sealed class BlockingConnection : IDisposable
    {
        internal const int HeadLimit = 64 * 1024;

        private readonly Socket _socket;
        private readonly Stream _stream;
        private byte[] _buffer = new byte[4096];
        private int _start;
        private int _end;
        private int _disposed;

        public BlockingConnection(string key, Socket socket, Stream stream)
        {
            Key = key;
            _socket = socket;
            _stream = stream;
        }

        public string Key { get; }

        /// <summary>The socket, for tests that check its mode.</summary>
        internal Socket Socket => _socket;

        public long IdleSince { get; set; }

        /// <summary>No byte of an answer to the last request written has arrived.</summary>
        public bool NothingReceived { get; private set; } = true;

        /// <summary>Nothing has arrived on the idle connection and the server has not closed it.</summary>
        public bool IsQuiet()
        {
            try
            {
                return !_socket.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
                return false;
            }
        }

        public void Write(byte[] buffer, int count)
        {
            NothingReceived = true;
            _stream.Write(buffer, 0, count);
            _stream.Flush();
        }

        /// <summary>Reads the answer's head (skipping 1xx answers) and returns the answer with its body still on the wire.</summary>
        public HttpResponseMessage ReadResponse(HttpMethod method, BlockingHttp owner)
        {
            int budget = HeadLimit;
            while (true)
            {
                var status = ReadLine(ref budget);
                if (status.Length < 12 || !status.StartsWith("HTTP/1.", StringComparison.Ordinal) || !IsDigit(status[7]) || status[8] != ' '
                    || !IsDigit(status[9]) || !IsDigit(status[10]) || !IsDigit(status[11]) || (status.Length > 12 && status[12] != ' '))
                {
                    throw new HttpRequestException("The server's answer does not start with an HTTP/1.x status line.");
                }
                int code = (status[9] - '0') * 100 + (status[10] - '0') * 10 + (status[11] - '0');
                if (code < 100) throw new HttpRequestException("The server's answer has an invalid status code.");
                var headers = new List<KeyValuePair<string, string>>();
                string line;
                while ((line = ReadLine(ref budget)).Length != 0)
                {
                    headers.Add(Header(line));
                }
                if (code == 101) throw new HttpRequestException("The server switched protocols, which was not asked for.");
                if (code < 200) continue;
                return Response(method, status, code, headers, owner);
            }
        }

        private HttpResponseMessage Response(HttpMethod method, string status, int code, List<KeyValuePair<string, string>> headers, BlockingHttp owner)
        {
            bool http10 = status[7] == '0';
            bool close = http10;
            bool chunked = false;
            bool transferEncoding = false;
            long? length = null;
            string? encoding = null;
            foreach (var header in headers)
            {
                if (Is(header.Key, "Connection"))
                {
                    foreach (var token in header.Value.Split(','))
                    {
                        var t = token.Trim();
                        if (t.Equals("close", StringComparison.OrdinalIgnoreCase)) close = true;
                        else if (http10 && t.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)) close = false;
                    }
                }
                else if (Is(header.Key, "Transfer-Encoding"))
                {
                    transferEncoding = true;
                    var codings = header.Value.Split(',');
                    chunked = codings[codings.Length - 1].Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (Is(header.Key, "Content-Length"))
                {
                    if (!long.TryParse(header.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || (length != null && length != value))
                    {
                        throw new HttpRequestException("The server's answer has an invalid Content-Length.");
                    }
                    length = value;
                }
                else if (Is(header.Key, "Content-Encoding"))
                {
                    encoding = encoding == null ? header.Value : encoding + "," + header.Value;
                }
            }

            BodyStream.Framing framing;
            if (method == HttpMethod.Head || code == 204 || code == 304) framing = BodyStream.Framing.Empty;
            else if (transferEncoding) framing = chunked ? BodyStream.Framing.Chunked : BodyStream.Framing.UntilClosed;
            else if (length != null) framing = length == 0 ? BodyStream.Framing.Empty : BodyStream.Framing.Length;
            else framing = BodyStream.Framing.UntilClosed;
            if (framing == BodyStream.Framing.UntilClosed) close = true;

            var body = new BodyStream(this, owner, framing, length ?? 0, !close);
            _emptyBody = framing == BodyStream.Framing.Empty ? body : null;
            // Decoded as HttpClient does with gzip and deflate asked for: the coding and the length go with it.
            var decoding = framing == BodyStream.Framing.Empty ? null : DecodedBody.Coding(encoding);
            var content = new StreamContent(decoding == null ? (Stream)body : new DecodedBody(body, decoding));
            var response = new HttpResponseMessage((HttpStatusCode)code)
            {
                Version = http10 ? HttpVersion.Version10 : HttpVersion.Version11,
                ReasonPhrase = status.Length > 13 ? status.Substring(13) : string.Empty,
                Content = content,
            };
            foreach (var header in headers)
            {
                if (decoding != null && (Is(header.Key, "Content-Encoding") || Is(header.Key, "Content-Length"))) continue;
                if (!response.Headers.TryAddWithoutValidation(header.Key, header.Value)) content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            return response;
        }

        private BodyStream? _emptyBody;

        /// <summary>After an answer without a body: the connection goes back to the pool (or closes).</summary>
        public void FinishEmptyBody()
        {
            var body = _emptyBody;
            _emptyBody = null;
            body?.Finish(reusable: true);
        }

        private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static KeyValuePair<string, string> Header(string line)
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new HttpRequestException("The server's answer has a header line without a name.");
            for (int i = 0; i < colon; i++)
            {
                if (!RequestBytes.IsTokenChar(line[i])) throw new HttpRequestException("The server's answer has an invalid header name.");
            }
            return new KeyValuePair<string, string>(line.Substring(0, colon), line.Substring(colon + 1).Trim(' ', '\t'));
        }

        /// <summary>A line of the head or of chunked framing, without its line end; counted against <paramref name="budget"/>.</summary>
        internal string ReadLine(ref int budget)
        {
            int scanned = 0;
            while (true)
            {
                int newline = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
                if (newline >= 0)
                {
                    int consumed = newline - _start + 1;
                    budget -= consumed;
                    if (budget < 0) throw new HttpRequestException("The server's answer has headers longer than " + HeadLimit / 1024 + " KiB.");
                    int stop = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                    var chars = new char[stop - _start];
                    for (int i = 0; i < chars.Length; i++)
                    {
                        byte b = _buffer[_start + i];
                        if (b == 0 || b == '\r') throw new HttpRequestException("The server's answer has a control character in its head.");
                        chars[i] = (char)b;
                    }
                    _start = newline + 1;
                    return new string(chars);
                }
                scanned = _end - _start;
                if (scanned >= budget) throw new HttpRequestException("The server's answer has headers longer than " + HeadLimit / 1024 + " KiB.");
                if (!Fill())
                {
                    if (NothingReceived) throw new ConnectionClosedException();
                    throw new HttpRequestException("The server closed the connection before the answer's head was complete.");
                }
            }
        }

        /// <summary>Reads more into the buffer (moving what is unread to its start, growing it up to the head limit); false at the end.</summary>
        private bool Fill()
        {
            if (_start > 0)
            {
                int unread = _end - _start;
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
                Array.Clear(_buffer, unread, _end - unread);
                _start = 0;
                _end = unread;
            }
            if (_end == _buffer.Length)
            {
                var larger = new byte[Math.Min(_buffer.Length * 2, HeadLimit + 1024)];
                if (larger.Length <= _buffer.Length) return true;
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                Array.Clear(_buffer, 0, _end);
                _buffer = larger;
            }
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) return false;
            NothingReceived = false;
            _end += read;
            return true;
        }

        /// <summary>Body bytes: what the buffer holds first, then straight from the connection.</summary>
        internal int ReadBody(byte[] buffer, int offset, int count)
        {
            if (count == 0) return 0;
            if (_start < _end)
            {
                int n = Math.Min(count, _end - _start);
                Buffer.BlockCopy(_buffer, _start, buffer, offset, n);
                _start += n;
                return n;
            }
            int read = _stream.Read(buffer, offset, count);
            if (read > 0) NothingReceived = false;
            return read;
        }

        /// <summary>Whether bytes past the answer arrived (a server that sent more than it framed), here or inside TLS.</summary>
        internal bool HasUnread => _start < _end || (_stream is SslStream tls && TlsPending.Bytes(tls) != 0);

        /// <summary>Clears the read buffer: it held an answer, which may carry secret values.</summary>
        internal void Wipe()
        {
            Array.Clear(_buffer, 0, _buffer.Length);
            _start = 0;
            _end = 0;
        }

        /// <summary>Closes the connection (also from another thread, which interrupts a blocked read or write).</summary>
        /// <remarks>The buffer is wiped on every call: the owner's own call comes after any read of another thread has stopped.</remarks>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                try
                {
                    _stream.Dispose();
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException)
                {
                    // Closing a connection that already failed.
                }
                _socket.Dispose();
            }
            Array.Clear(_buffer, 0, _buffer.Length);
        }

        internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;
    }
}

namespace SaeSecret.PowerShell.Http
{
    /// <summary>The server closed a connection in good order before any byte of an answer.</summary>
    internal sealed class ConnectionClosedException : IOException
    {
        public ConnectionClosedException()
            : base("The server closed the connection without answering.")
        {
        }
    }

    /// <summary>
    /// What an SslStream has read from the connection but not handed out (decrypted or not). A connection whose answer
    /// is complete is reused only when this is 0, as bytes past an answer would be taken as the next one's. SslStream
    /// does not say so publicly: this reads its buffer's length (.NET 7 and later); where that is missing,
    /// <see cref="Supported"/> is false and https goes through HttpClient.
    /// </summary>
    internal static class TlsPending
    {
        private static readonly FieldInfo? BufferField = typeof(SslStream).GetField("_buffer", BindingFlags.NonPublic | BindingFlags.Instance);
        private static readonly PropertyInfo? ActiveLength = BufferField?.FieldType.GetProperty("ActiveLength", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);

        public static bool Supported => ActiveLength != null && ActiveLength.PropertyType == typeof(int);

        public static int Bytes(SslStream stream)
        {
            // Unknown counts as pending: the connection is then closed, not reused.
            if (!Supported) return -1;
            try
            {
                return (int)ActiveLength!.GetValue(BufferField!.GetValue(stream))!;
            }
            catch (Exception)
            {
                return -1;
            }
        }
    }
}
