using System;
using System.Collections.Generic;
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
    /// A loopback HTTP/1.1 server that keeps connections open: it records every request (its connection, head and
    /// body) and answers the n-th request with the bytes its responder gives, closing the connection after them when
    /// told to, without answering when the responder gives null (or resetting it, when told to). Optionally TLS with a self-signed certificate.
    /// </summary>
    internal sealed class KeepAliveServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Func<int, Reply> _responder;
        private readonly List<Recorded> _requests = new List<Recorded>();
        private readonly X509Certificate2 _certificate;
        private int _connections;

        public KeepAliveServer(Func<int, Reply> responder, bool tls = false)
        {
            _responder = responder;
            if (tls) _certificate = TestCertificates.SelfSigned();
            _listener.Start();
            _ = AcceptLoop();
        }

        public sealed record Reply(byte[] Bytes, bool Close = false, bool Silent = false, bool Reset = false);

        public sealed record Recorded(int Connection, string Head, byte[] Body);

        public Uri Url => new Uri((_certificate == null ? "http" : "https") + "://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");

        public X509Certificate2 Certificate => _certificate;

        public int Connections => Volatile.Read(ref _connections);

        public IReadOnlyList<Recorded> Requests
        {
            get { lock (_requests) return _requests.ToArray(); }
        }

        /// <summary>An answer with a Content-Length body.</summary>
        public static Reply Answer(string status, string body, string headers = "Content-Type: application/json", bool close = false)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            return Raw("HTTP/1.1 " + status + "\r\n" + (headers.Length > 0 ? headers + "\r\n" : "") + "Content-Length: " + bytes.Length + "\r\n\r\n", bytes, close);
        }

        public static Reply Raw(string head, byte[] body = null, bool close = false)
        {
            var h = Encoding.ASCII.GetBytes(head);
            var all = new byte[h.Length + (body?.Length ?? 0)];
            h.CopyTo(all, 0);
            body?.CopyTo(all, h.Length);
            return new Reply(all, close);
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                int connection = Interlocked.Increment(ref _connections);
                _ = Serve(client, connection);
            }
        }

        private async Task Serve(TcpClient client, int connection)
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
                    var pending = new List<byte>();
                    var chunk = new byte[8192];
                    while (!_stop.IsCancellationRequested)
                    {
                        int end;
                        while ((end = IndexOfHeadEnd(pending)) < 0)
                        {
                            int n = await stream.ReadAsync(chunk, _stop.Token);
                            if (n == 0) return;
                            pending.AddRange(new ArraySegment<byte>(chunk, 0, n));
                        }
                        var head = Encoding.ASCII.GetString(pending.GetRange(0, end).ToArray());
                        pending.RemoveRange(0, end + 4);
                        int length = 0;
                        foreach (var line in head.Split("\r\n"))
                        {
                            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line.Substring(15).Trim());
                        }
                        while (pending.Count < length)
                        {
                            int n = await stream.ReadAsync(chunk, _stop.Token);
                            if (n == 0) return;
                            pending.AddRange(new ArraySegment<byte>(chunk, 0, n));
                        }
                        var body = pending.GetRange(0, length).ToArray();
                        pending.RemoveRange(0, length);
                        int index;
                        lock (_requests)
                        {
                            _requests.Add(new Recorded(connection, head, body));
                            index = _requests.Count - 1;
                        }
                        var reply = _responder(index);
                        if (reply == null) return;
                        if (reply.Reset)
                        {
                            // Abortive: the socket itself, before disposing the stream would shut it down in good order.
                            client.Client.LingerState = new LingerOption(true, 0);
                            client.Client.Close();
                            return;
                        }
                        if (reply.Silent)
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                            return;
                        }
                        await stream.WriteAsync(reply.Bytes, _stop.Token);
                        await stream.FlushAsync();
                        if (reply.Close) return;
                    }
                }
                catch (Exception)
                {
                    // The client hung up or the server is stopping.
                }
            }
        }

        private static int IndexOfHeadEnd(List<byte> bytes)
        {
            for (int i = 0; i + 3 < bytes.Count; i++)
            {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
            }
            return -1;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _certificate?.Dispose();
        }
    }

    internal static class TestCertificates
    {
        /// <summary>A certificate for 127.0.0.1, valid from yesterday to tomorrow, trusted by nothing.</summary>
        public static X509Certificate2 SelfSigned()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        }
    }
}
