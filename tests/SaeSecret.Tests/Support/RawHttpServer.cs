using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SaeSecret.Tests.Support
{
    /// <summary>
    /// A loopback HTTP/1.1 server that writes a fixed response head and a body from a factory, for what a fake
    /// handler cannot show: real decompression, real TLS. Optionally TLS with a self-signed certificate.
    /// </summary>
    internal sealed class RawHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly string _head;
        private readonly Func<Stream, Task> _writeBody;
        private readonly X509Certificate2 _certificate;
        private int _connections;

        public RawHttpServer(string head, Func<Stream, Task> writeBody, bool tls = false)
        {
            _head = head;
            _writeBody = writeBody;
            if (tls) _certificate = TestCertificates.SelfSigned();
            _listener.Start();
            _ = AcceptLoop();
        }

        public Uri Url => new Uri((_certificate == null ? "http" : "https") + "://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                Interlocked.Increment(ref _connections);
                _ = Serve(client);
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                try
                {
                    Stream stream = client.GetStream();
                    if (_certificate != null)
                    {
                        var ssl = new SslStream(stream);
                        await ssl.AuthenticateAsServerAsync(_certificate);
                        stream = ssl;
                    }
                    await RequestHead.ReadAsync(stream);
                    var head = Encoding.ASCII.GetBytes(_head.Replace("\n", "\r\n") + "\r\n\r\n");
                    await stream.WriteAsync(head, _stop.Token);
                    await _writeBody(stream);
                    await stream.FlushAsync();
                }
                catch (Exception)
                {
                    // The client hung up (as it should once it has seen enough) or refused the certificate.
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _certificate?.Dispose();
        }
    }

    /// <summary>A read-only stream of <c>length</c> zero bytes that counts what was read from it.</summary>
    internal sealed class ZeroStream : ReadOnlyStream
    {
        private readonly long _length;
        private long _position;

        public ZeroStream(long length) { _length = length; }

        public long BytesRead => Interlocked.Read(ref _position);

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _length - _position);
            if (n <= 0) return 0;
            Array.Clear(buffer, offset, n);
            Interlocked.Add(ref _position, n);
            return n;
        }

        public override long Length => _length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
    }
}
