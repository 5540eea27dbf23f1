using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.Tests.Support;
using Xunit;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.Tests.Http
{
    /// <summary>The body reader on its own, with a small cap: where the cap falls exactly, and how each read is made.</summary>
    public class BoundedContentTests
    {
        private const int Cap = 100;

        private static HttpResponseMessage Response(Stream body, long? declaredLength = null, string encoding = null)
        {
            var content = new StreamContent(body);
            content.Headers.ContentLength = declaredLength;
            if (encoding != null) content.Headers.ContentEncoding.Add(encoding);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        public static TheoryData<bool, int> ReadModes() => new TheoryData<bool, int>
        {
            { true, 1000 }, { false, 1000 }, // the whole body in one read
            { true, 7 }, { false, 7 },       // in pieces that do not divide the cap
        };

        [Theory]
        [MemberData(nameof(ReadModes))]
        public async Task A_body_of_exactly_the_cap_is_read_whole(bool synchronous, int piece)
        {
            var body = new PieceStream(Cap, piece);

            var bytes = await BoundedContent.ReadAsync(Response(body), Cap, synchronous, CancellationToken.None);

            Assert.Equal(PieceStream.Expected(Cap), bytes);
        }

        [Theory]
        [MemberData(nameof(ReadModes))]
        public async Task One_byte_beyond_the_cap_fails_and_reading_stops(bool synchronous, int piece)
        {
            var body = new PieceStream(10 * Cap, piece);

            var ex = await Assert.ThrowsAsync<ResponseTooLargeException>(() => BoundedContent.ReadAsync(Response(new PieceStream(Cap + 1, piece)), Cap, synchronous, CancellationToken.None));
            await Assert.ThrowsAsync<ResponseTooLargeException>(() => BoundedContent.ReadAsync(Response(body), Cap, synchronous, CancellationToken.None));

            Assert.Equal(0, ex.MaxMebibytes);
            Assert.InRange(body.Position, Cap + 1, Cap + piece);
        }

        [Fact]
        public async Task A_declared_length_of_exactly_the_cap_is_read()
        {
            var bytes = await BoundedContent.ReadAsync(Response(new PieceStream(Cap, 1000), Cap), Cap, false, CancellationToken.None);

            Assert.Equal(Cap, bytes.Length);
        }

        [Fact]
        public async Task A_declared_length_beyond_the_cap_fails_before_the_first_read()
        {
            var body = new PieceStream(Cap, 1000);

            await Assert.ThrowsAsync<ResponseTooLargeException>(() => BoundedContent.ReadAsync(Response(body, Cap + 1), Cap, false, CancellationToken.None));

            Assert.Equal(0, body.Reads);
        }

        [Fact]
        public async Task A_compressed_body_is_judged_by_what_it_inflates_to_not_by_its_declared_length()
        {
            // The declared length counts the compressed bytes; here a lying server claims 3 GiB for a small body.
            var bytes = await BoundedContent.ReadAsync(Response(new PieceStream(Cap, 1000), 3L * 1024 * 1024 * 1024, "gzip"), Cap, false, CancellationToken.None);

            Assert.Equal(Cap, bytes.Length);
        }

        [Fact]
        public async Task No_content_is_an_empty_body()
        {
            var response = new HttpResponseMessage(HttpStatusCode.NoContent) { Content = null };

            Assert.Empty(await BoundedContent.ReadAsync(response, Cap, false, CancellationToken.None));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Each_read_is_made_the_way_asked(bool synchronous)
        {
            var body = new PieceStream(Cap, 7);

            await BoundedContent.ReadAsync(Response(body), Cap, synchronous, CancellationToken.None);

            Assert.True(body.Reads > 1);
            Assert.Equal(synchronous ? body.Reads : 0, body.SynchronousReads);
        }

        [Theory]
        [InlineData(true, "disposed")]
        [InlineData(true, "io")]
        [InlineData(false, "disposed")]
        [InlineData(false, "io")]
        public async Task Stopping_during_a_read_is_a_cancellation_whatever_the_interrupted_read_throws(bool synchronous, string failure)
        {
            using var stop = new CancellationTokenSource();
            var body = new BlockingStream(failure);
            var reading = Task.Run(() => BoundedContent.ReadAsync(Response(body), Cap, synchronous, stop.Token));
            Assert.True(body.Started.Wait(TimeSpan.FromSeconds(10)), "the read never started");

            stop.Cancel(); // disposes the response, which ends the blocked read

            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
            Assert.Equal(stop.Token, ex.CancellationToken);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_failed_read_that_nobody_stopped_is_not_a_cancellation(bool synchronous)
        {
            var body = new BlockingStream("io", block: false);

            await Assert.ThrowsAsync<IOException>(() => BoundedContent.ReadAsync(Response(body), Cap, synchronous, CancellationToken.None));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Bodies_read_one_after_another_are_each_whole_and_share_no_bytes(bool synchronous)
        {
            var first = await BoundedContent.ReadAsync(Response(new MemoryStream(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })), Cap, synchronous, CancellationToken.None);
            var second = await BoundedContent.ReadAsync(Response(new MemoryStream(new byte[] { 9, 9 })), Cap, synchronous, CancellationToken.None);
            var third = await BoundedContent.ReadAsync(Response(new PieceStream(Cap, 7)), Cap, synchronous, CancellationToken.None);

            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, first);
            Assert.Equal(new byte[] { 9, 9 }, second);
            Assert.Equal(PieceStream.Expected(Cap), third);
        }

        // The read buffer is kept per thread for the next answer: what this one carried (secret values, maybe) is wiped
        // first. These reads complete on the test's thread, so no other read can take the buffer before it is looked at.
        [Theory]
        [InlineData(true, Cap)]
        [InlineData(false, Cap)]
        [InlineData(true, Cap + 1)]
        [InlineData(false, Cap + 1)]
        public void The_read_buffer_keeps_nothing_of_the_answer(bool synchronous, int length)
        {
            var body = new PieceStream(length, 7);

            try
            {
                BoundedContent.ReadAsync(Response(body), Cap, synchronous, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (ResponseTooLargeException)
            {
            }

            Assert.NotNull(body.LastBuffer);
            Assert.All(body.LastBuffer, b => Assert.Equal(0, b));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_read_that_failed_leaves_nothing_in_the_read_buffer(bool synchronous)
        {
            var body = new ScribblingStream();

            Assert.Throws<IOException>(() => BoundedContent.ReadAsync(Response(body), Cap, synchronous, CancellationToken.None).GetAwaiter().GetResult());

            Assert.NotNull(body.LastBuffer);
            Assert.All(body.LastBuffer, b => Assert.Equal(0, b));
        }

        [Theory]
        [InlineData(4 * 1024 * 1024, 4)]
        [InlineData(8 * 1024 * 1024 + 5, 8)]
        public void The_exception_gives_the_cap_in_whole_MiB(int maxBytes, int mebibytes)
        {
            Assert.Equal(mebibytes, new ResponseTooLargeException(maxBytes).MaxMebibytes);
        }

        /// <summary>A non-seekable body of a known text, handed out at most <c>piece</c> bytes per read.</summary>
        private sealed class PieceStream : ReadOnlyStream
        {
            private readonly int _length;
            private readonly int _piece;

            public PieceStream(int length, int piece) { _length = length; _piece = piece; }

            public static byte[] Expected(int length)
            {
                var bytes = new byte[length];
                for (var i = 0; i < length; i++) bytes[i] = (byte)('a' + i % 26);
                return bytes;
            }

            public int Reads { get; private set; }
            public int SynchronousReads { get; private set; }

            /// <summary>The buffer the last read was handed.</summary>
            public byte[] LastBuffer { get; private set; }

            public override int Read(byte[] buffer, int offset, int count)
            {
                SynchronousReads++;
                return Next(buffer, offset, count);
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Task.FromResult(Next(buffer, offset, count));

            private int Next(byte[] buffer, int offset, int count)
            {
                Reads++;
                LastBuffer = buffer;
                var n = (int)Math.Min(Math.Min(count, _piece), _length - Position);
                for (var i = 0; i < n; i++) buffer[offset + i] = (byte)('a' + (Position + i) % 26);
                Position += n;
                return n;
            }

            public override long Position { get; set; }
        }

        /// <summary>A body whose every read fills the whole buffer it is handed and then fails, on the caller's thread.</summary>
        private sealed class ScribblingStream : ReadOnlyStream
        {
            public byte[] LastBuffer { get; private set; }

            public override int Read(byte[] buffer, int offset, int count)
            {
                LastBuffer = buffer;
                for (var i = 0; i < buffer.Length; i++) buffer[i] = 0xAB;
                throw new IOException("the connection was reset after some bytes");
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                try
                {
                    return Task.FromResult(Read(buffer, offset, count));
                }
                catch (IOException ex)
                {
                    return Task.FromException<int>(ex);
                }
            }

        }

        /// <summary>A read that waits until the stream is disposed, then fails the way a socket read does.</summary>
        private sealed class BlockingStream : ReadOnlyStream
        {
            private readonly string _failure;
            private readonly ManualResetEventSlim _disposed;

            public BlockingStream(string failure, bool block = true)
            {
                _failure = failure;
                _disposed = new ManualResetEventSlim(!block);
            }

            public ManualResetEventSlim Started { get; } = new ManualResetEventSlim();

            public override int Read(byte[] buffer, int offset, int count)
            {
                Started.Set();
                _disposed.Wait(TimeSpan.FromSeconds(30));
                if (_failure == "io") throw new IOException("the connection was closed");
                throw new ObjectDisposedException("stream");
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Task.Run(() => Read(buffer, offset, count));

            protected override void Dispose(bool disposing)
            {
                _disposed.Set();
                base.Dispose(disposing);
            }

        }

        /// <summary>A body whose stream, or whose first read, completes later on another thread.</summary>
        private sealed class LateContent : HttpContent
        {
            private readonly bool _lateStream;
            private readonly byte[] _bytes;

            public LateContent(byte[] bytes, bool lateStream)
            {
                _bytes = bytes;
                _lateStream = lateStream;
            }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext context) => stream.WriteAsync(_bytes, 0, _bytes.Length);

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }

            protected override async Task<Stream> CreateContentReadStreamAsync()
            {
                if (_lateStream)
                {
                    await Task.Delay(20).ConfigureAwait(false);
                    return new MemoryStream(_bytes, writable: false);
                }
                return new LateReadStream(_bytes);
            }
        }

        private sealed class LateReadStream : MemoryStream
        {
            public LateReadStream(byte[] bytes) : base(bytes, writable: false) { }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                return Read(buffer, offset, count);
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_asynchronous_read_never_returns_to_the_callers_synchronization_context(bool lateStream)
        {
            var expected = new byte[] { 1, 2, 3, 4, 5 };
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new LateContent(expected, lateStream) };
            var context = new CountingSynchronizationContext();
            var previous = SynchronizationContext.Current;
            Task<byte[]> reading;
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                reading = BoundedContent.ReadAsync(response, Cap, false, CancellationToken.None);
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }

            var bytes = await reading;

            Assert.Equal(expected, bytes);
            Assert.Equal(0, context.Calls);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_answer_the_cancellation_disposed_before_its_body_was_opened_is_the_cancellation(bool synchronous)
        {
            // The token fired after the head arrived and before the read began: its registration disposes the answer at once.
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BoundedContent.ReadAsync(Response(new MemoryStream(new byte[10])), Cap, synchronous, cancelled.Token));
        }
    }
}
