using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SaeSecret.PowerShell.Http
{
    /// <summary>
    /// Reads a response body up to a cap, counted after decompression, so a hostile or broken server cannot make the
    /// process hold more than that (a 1 MiB gzip body can inflate to 1 GiB).
    /// </summary>
    internal static class BoundedContent
    {
        /// <summary>4 MiB: far above any SAE, STS or metadata answer (a secret is at most 1 MiB, base64 adds a third).</summary>
        public const int MaxBytes = 4 * 1024 * 1024;

        private const int ChunkBytes = 16 * 1024;

        // The read buffer, one per thread, taken while a body is read (an asynchronous read that finishes on another
        // thread leaves it there): a new one per answer was half of all a call allocated, and garbage collections in a
        // long pipeline cost in proportion. Wiped after each use: an answer may carry secret values.
        [ThreadStatic] private static byte[]? t_chunk;

        /// <summary>The body stream; an answer the cancellation already disposed is the cancellation, not a failure.</summary>
        private static async Task<Stream> OpenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                return await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        /// <param name="synchronous">Read on this thread (the cmdlet's transport on PowerShell 7); else asynchronously.</param>
        public static async Task<byte[]> ReadAsync(HttpResponseMessage response, int maxBytes, bool synchronous, CancellationToken cancellationToken)
        {
            if (response.Content == null) return Array.Empty<byte>();
            var declared = response.Content.Headers.ContentLength;
            if (declared > maxBytes && response.Content.Headers.ContentEncoding.Count == 0) throw new ResponseTooLargeException(maxBytes);

            // Disposing the response is what interrupts a synchronous read when the attempt times out or is stopped.
            using (cancellationToken.Register(response.Dispose))
            using (var stream = await OpenAsync(response, cancellationToken).ConfigureAwait(false))
            using (var buffer = new MemoryStream())
            {
                var chunk = t_chunk ?? new byte[ChunkBytes];
                t_chunk = null;
                // How much of the buffer holds answer bytes; all of it when a read failed (it may have written some).
                int used = chunk.Length;
                int longest = 0;
                try
                {
                    while (true)
                    {
                        int read;
                        try
                        {
                            read = synchronous
                                ? stream.Read(chunk, 0, chunk.Length)
                                : await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (cancellationToken.IsCancellationRequested && (ex is ObjectDisposedException || ex is IOException))
                        {
                            throw new OperationCanceledException(cancellationToken);
                        }
                        if (read > longest) longest = read;
                        if (read == 0)
                        {
                            // A stream closed by the cancellation may end like a complete answer: a cut-off body is not one.
                            cancellationToken.ThrowIfCancellationRequested();
                            used = longest;
                            return buffer.ToArray();
                        }
                        if (buffer.Length + read > maxBytes)
                        {
                            used = longest;
                            throw new ResponseTooLargeException(maxBytes);
                        }
                        buffer.Write(chunk, 0, read);
                    }
                }
                finally
                {
                    Array.Clear(chunk, 0, used);
                    t_chunk = chunk;
                }
            }
        }
    }

    /// <summary>A response body beyond <see cref="BoundedContent.MaxBytes"/>; it was not read further.</summary>
    internal sealed class ResponseTooLargeException : Exception
    {
        public ResponseTooLargeException(int maxBytes)
            : base("The response body is larger than " + maxBytes + " bytes.")
        {
            MaxMebibytes = maxBytes / (1024 * 1024);
        }

        /// <summary>The cap in whole MiB, as the callers' messages give it.</summary>
        public int MaxMebibytes { get; }
    }
}
