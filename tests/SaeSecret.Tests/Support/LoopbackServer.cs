using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SaeSecret.Tests.Support
{
    /// <summary>
    /// A loopback HTTP/1.1 server that records each request head and answers the n-th request with the n-th
    /// response (the last repeats), one request per connection.
    /// </summary>
    internal sealed class LoopbackServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Func<Uri, byte[]>[] _responses;
        private readonly TimeSpan _delay;
        private readonly List<string> _requests = new List<string>();

        public LoopbackServer(params Func<Uri, byte[]>[] responses)
            : this(TimeSpan.Zero, responses)
        {
        }

        public LoopbackServer(TimeSpan delay, params Func<Uri, byte[]>[] responses)
        {
            _responses = responses;
            _delay = delay;
            _listener.Start();
            _ = AcceptLoop();
        }

        public Uri Url => new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");

        /// <summary>The request heads seen so far (request line and headers).</summary>
        public IReadOnlyList<string> Requests
        {
            get { lock (_requests) return _requests.ToArray(); }
        }

        public static byte[] Response(string status, string headers, byte[] body)
        {
            var head = "HTTP/1.1 " + status + "\r\n" + headers + "\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n";
            var bytes = new byte[Encoding.ASCII.GetByteCount(head) + body.Length];
            Encoding.ASCII.GetBytes(head, 0, head.Length, bytes, 0);
            body.CopyTo(bytes, bytes.Length - body.Length);
            return bytes;
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                _ = Serve(client);
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var head = await RequestHead.ReadAsync(stream);
                    int index;
                    lock (_requests)
                    {
                        _requests.Add(head);
                        index = Math.Min(_requests.Count - 1, _responses.Length - 1);
                    }
                    if (_delay > TimeSpan.Zero) await Task.Delay(_delay, _stop.Token);
                    await stream.WriteAsync(_responses[index](Url), _stop.Token);
                    await stream.FlushAsync();
                }
                catch (Exception)
                {
                    // The client hung up or the server is stopping.
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
