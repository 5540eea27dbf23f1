using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Net.Sockets;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// The body of an answer on a <see cref="BlockingConnection"/>, read on the caller's thread. Once the last byte has
    /// been read the connection goes back to the pool (or is closed, if the server said so or sent more than it
    /// framed); disposed before that, the connection is closed.
    /// </summary>
    internal sealed class BodyStream : ReadOnlyWireStream
    {
        internal enum Framing { Empty, Length, Chunked, UntilClosed }

        private readonly BlockingHttp _owner;
        private readonly Framing _framing;
        private readonly bool _keepAlive;
        private BlockingConnection? _connection;
        private long _remaining;
        private bool _chunkEndPending;
        private volatile bool _disposed;

        public BodyStream(BlockingConnection connection, BlockingHttp owner, Framing framing, long length, bool keepAlive)
        {
            _connection = connection;
            _owner = owner;
            _framing = framing;
            _remaining = framing == Framing.Length ? length : 0;
            _keepAlive = keepAlive;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(BodyStream));
            var connection = _connection;
            if (connection == null || count == 0) return 0;
            try
            {
                return ReadFrom(connection, buffer, offset, count);
            }
            catch (Exception ex) when (!(ex is ObjectDisposedException))
            {
                // Closed under the read by another thread (a timeout, a stop): not a failure of the server.
                bool closedUnderUs = connection.IsDisposed;
                Dispose();
                if (closedUnderUs) throw new ObjectDisposedException(nameof(BodyStream), ex.Message);
                if (ex is IOException || ex is SocketException) throw new HttpRequestException("The connection failed while the answer was being read.", ex);
                throw;
            }
        }

        /// <summary>
        /// A connection read that found the end: the answer's end only if nobody closed the connection meanwhile (a close
        /// from another thread ends a blocked read the same way).
        /// </summary>
        private static void RequireOpen(BlockingConnection connection)
        {
            if (connection.IsDisposed) throw new ObjectDisposedException(nameof(BodyStream));
        }

        private int ReadFrom(BlockingConnection connection, byte[] buffer, int offset, int count)
        {
            switch (_framing)
            {
                case Framing.Length:
                {
                    int n = connection.ReadBody(buffer, offset, (int)Math.Min(count, _remaining));
                    if (n == 0)
                    {
                        RequireOpen(connection);
                        throw new HttpRequestException("The server closed the connection " + _remaining.ToString(CultureInfo.InvariantCulture) + " bytes before the end of its answer.");
                    }
                    _remaining -= n;
                    if (_remaining == 0) Finish(reusable: true);
                    return n;
                }
                case Framing.UntilClosed:
                {
                    int n = connection.ReadBody(buffer, offset, count);
                    if (n == 0)
                    {
                        RequireOpen(connection);
                        Finish(reusable: false);
                    }
                    return n;
                }
                case Framing.Chunked:
                {
                    if (_remaining == 0)
                    {
                        int budget = BlockingConnection.HeadLimit;
                        if (_chunkEndPending && connection.ReadLine(ref budget).Length != 0) throw new HttpRequestException("The server's chunked answer has a chunk longer than it said.");
                        _chunkEndPending = false;
                        _remaining = ChunkSize(connection.ReadLine(ref budget));
                        if (_remaining == 0)
                        {
                            // Trailer fields, if any, end with an empty line; they are not kept.
                            while (connection.ReadLine(ref budget).Length != 0) { }
                            Finish(reusable: true);
                            return 0;
                        }
                        _chunkEndPending = true;
                    }
                    int n = connection.ReadBody(buffer, offset, (int)Math.Min(count, _remaining));
                    if (n == 0)
                    {
                        RequireOpen(connection);
                        throw new HttpRequestException("The server closed the connection before the end of its chunked answer.");
                    }
                    _remaining -= n;
                    return n;
                }
                default:
                    return 0;
            }
        }

        private static long ChunkSize(string line)
        {
            int end = line.IndexOf(';');
            var digits = (end < 0 ? line : line.Substring(0, end)).Trim(' ', '\t');
            if (digits.Length == 0 || digits.Length > 8 || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size > int.MaxValue)
            {
                throw new HttpRequestException("The server's chunked answer has an invalid chunk size.");
            }
            return size;
        }

        /// <summary>The answer has been read: its connection goes back to the pool when it can carry the next request.</summary>
        internal void Finish(bool reusable)
        {
            var connection = System.Threading.Interlocked.Exchange(ref _connection, null);
            if (connection == null) return;
            bool keep = reusable && _keepAlive && !connection.HasUnread && !connection.IsDisposed;
            if (keep)
            {
                connection.Wipe();
                _owner.Return(connection);
            }
            else
            {
                connection.Dispose();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Not read to its end: the rest of the answer is still on the wire, so the connection cannot be reused.
                _disposed = true;
                System.Threading.Interlocked.Exchange(ref _connection, null)?.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// A gzip or deflate (zlib or raw) body decoded as it is read. When the coded data ends, what is left of the body is
    /// read too, so its connection can be reused; more than a little is not, and the connection closes.
    /// </summary>
    internal sealed class DecodedBody : ReadOnlyWireStream
    {
        private const int DrainLimit = 16 * 1024;

        private readonly BodyStream _body;
        private readonly string _coding;
        private Stream? _decoder;
        private bool _ended;

        public DecodedBody(BodyStream body, string coding)
        {
            _body = body;
            _coding = coding;
        }

        /// <summary>gzip or deflate when that is the answer's only coding; null to pass the body on as it is, as HttpClient does.</summary>
        public static string? Coding(string? contentEncoding)
        {
            if (contentEncoding == null) return null;
            var coding = contentEncoding.Trim().ToLowerInvariant();
            return coding == "gzip" || coding == "x-gzip" ? "gzip" : coding == "deflate" ? "deflate" : null;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_ended || count == 0) return 0;
            var decoder = _decoder ?? (_decoder = CreateDecoder());
            int n;
            try
            {
                n = decoder.Read(buffer, offset, count);
            }
            catch (InvalidDataException ex)
            {
                throw new HttpRequestException("The server's " + _coding + " answer could not be decoded: " + ex.Message, ex);
            }
            if (n == 0)
            {
                _ended = true;
                Drain();
            }
            return n;
        }

        private Stream CreateDecoder()
        {
            if (_coding == "gzip") return new GZipStream(_body, CompressionMode.Decompress, leaveOpen: true);
            // "deflate" is zlib-wrapped by the standard, raw deflate from some servers: the first two bytes tell.
            var first = new byte[2];
            int got = 0;
            while (got < 2)
            {
                int n = _body.Read(first, got, 2 - got);
                if (n == 0) break;
                got += n;
            }
            bool zlib = got == 2 && (first[0] & 0x0F) == 8 && (first[0] >> 4) <= 7 && (first[1] & 0x20) == 0 && ((first[0] << 8) | first[1]) % 31 == 0;
            Stream source = zlib ? (Stream)_body : new PrefixedStream(first, got, _body);
            return new DeflateStream(source, CompressionMode.Decompress, leaveOpen: true);
        }

        private void Drain()
        {
            var scratch = new byte[1024];
            int left = DrainLimit;
            int n;
            while (left > 0 && (n = _body.Read(scratch, 0, Math.Min(scratch.Length, left))) > 0) left -= n;
            Array.Clear(scratch, 0, scratch.Length);
            if (left <= 0) _body.Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _decoder?.Dispose();
                _body.Dispose();
            }
            base.Dispose(disposing);
        }

        /// <summary>Bytes already read, then the rest of a stream.</summary>
        private sealed class PrefixedStream : ReadOnlyWireStream
        {
            private readonly byte[] _prefix;
            private readonly int _prefixLength;
            private readonly Stream _rest;
            private int _used;

            public PrefixedStream(byte[] prefix, int length, Stream rest)
            {
                _prefix = prefix;
                _prefixLength = length;
                _rest = rest;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_used < _prefixLength && count > 0)
                {
                    int n = Math.Min(count, _prefixLength - _used);
                    Buffer.BlockCopy(_prefix, _used, buffer, offset, n);
                    _used += n;
                    return n;
                }
                return _rest.Read(buffer, offset, count);
            }
        }
    }

    /// <summary>The members every read-only, unseekable stream of an answer overrides alike; each overrides Read.</summary>
    internal abstract class ReadOnlyWireStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
