using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using SaeSecret.PowerShell.Http;
using SaeSecret.Tests.Support;
using Xunit;

namespace SaeSecret.Tests.Http
{
    /// <summary>
    /// BlockingHttp, the cmdlets' transport on PowerShell 7, against real loopback servers: what goes on the wire, how
    /// answers are framed and decoded, when connections are reused, and how failures, timeouts and TLS come out.
    /// </summary>
    public class BlockingHttpTests
    {
        private static readonly IWebProxy NoProxy = new ProxyPolicy(() => null);

        private static BlockingHttp Transport(TimeSpan? idle = null, bool trustAny = false) =>
            new BlockingHttp(NoProxy, trustAny ? (s, c, ch, e) => true : null, idle);

        private static HttpRequestMessage Post(Uri url, string body = "{\"k\":\"v\"}")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/path/to?Name=a%20b&Id=1"));
            request.Headers.Host = url.Authority;
            request.Headers.TryAddWithoutValidation("x-acs-action", "UpdateSecret");
            request.Headers.TryAddWithoutValidation("authorization", "ACS3-HMAC-SHA256 Credential=K,SignedHeaders=host,Signature=abc");
            request.Headers.TryAddWithoutValidation("accept", "application/json");
            request.Headers.TryAddWithoutValidation("user-agent", "SaeSecret/0.1.0");
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
            return request;
        }

        private static HttpRequestMessage Get(Uri url) => new HttpRequestMessage(HttpMethod.Get, new Uri(url, "/read"));

        private static string Body(HttpResponseMessage response)
        {
            using (response)
            using (var stream = response.Content.ReadAsStream())
            using (var reader = new StreamReader(stream))
            {
                return reader.ReadToEnd();
            }
        }

        private static string Call(BlockingHttp http, HttpRequestMessage request) => Body(http.Send(request, CancellationToken.None));

        // ---- the request on the wire ----

        [Fact]
        public void Sends_the_same_request_line_headers_and_body_as_HttpClient()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{}"));
            using (var viaHttpClient = SharedHttp.Create())
            {
                viaHttpClient.Send(Post(server.Url)).Dispose();
            }
            Call(Transport(), Post(server.Url));

            var requests = server.Requests;
            Assert.Equal(2, requests.Count);
            static string[] Lines(string head) => head.Split("\r\n").Select(l => l.ToLowerInvariant()).OrderBy(l => l, StringComparer.Ordinal).ToArray();
            Assert.Equal(Lines(requests[0].Head), Lines(requests[1].Head));
            Assert.StartsWith("POST /path/to?Name=a%20b&Id=1 HTTP/1.1\r\n", requests[1].Head);
            Assert.Contains("\r\nContent-Length: 9", requests[1].Head);
            Assert.Equal("{\"k\":\"v\"}", Encoding.UTF8.GetString(requests[1].Body));
        }

        [Fact]
        public void A_body_less_POST_says_Content_Length_0_and_a_GET_says_nothing()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{}"));
            var http = Transport();

            Call(http, new HttpRequestMessage(HttpMethod.Post, server.Url));
            Call(http, Get(server.Url));

            Assert.Contains("\r\nContent-Length: 0", server.Requests[0].Head);
            Assert.DoesNotContain("Content-Length", server.Requests[1].Head);
        }

        [Theory]
        [InlineData("x-acs-action", "Update\r\nX-Injected: 1")]
        [InlineData("x-acs-action", "caf\u00e9")]
        public void A_header_HTTP_cannot_carry_is_refused_before_anything_is_sent(string name, string value)
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{}"));
            var request = Get(server.Url);
            request.Headers.TryAddWithoutValidation(name, value);

            var ex = Assert.Throws<HttpRequestException>(() => Transport().Send(request, CancellationToken.None));

            Assert.Contains("nothing was sent", ex.Message);
            Assert.Equal(0, server.Connections);
        }

        [Fact]
        public void Writes_a_large_body_whole_the_Host_of_the_URL_and_header_lists_as_HttpClient_joins_them()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{}"));
            var body = new string('b', 100_000) + "~end";
            var request = new HttpRequestMessage(HttpMethod.Put, server.Url) { Content = new StringContent(body) };
            request.Headers.UserAgent.ParseAdd("First/1 Second/2");
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/plain");
            request.Headers.TryAddWithoutValidation("x-tab-and-tilde", "a\tb~");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");

            Call(Transport(), request);

            var sent = Assert.Single(server.Requests);
            Assert.Equal(body, Encoding.UTF8.GetString(sent.Body));
            Assert.Contains("\r\nHost: " + server.Url.Authority + "\r\n", sent.Head);
            Assert.Contains("\r\nUser-Agent: First/1 Second/2\r\n", sent.Head);
            Assert.Contains("\r\nAccept: application/json, text/plain\r\n", sent.Head);
            Assert.Contains("\r\nx-tab-and-tilde: a\tb~\r\n", sent.Head);
            Assert.Contains("\r\nAccept-Encoding: identity\r\n", sent.Head);
            Assert.DoesNotContain("gzip", sent.Head);
            Assert.Matches("\r\nContent-Length: " + Encoding.UTF8.GetByteCount(body) + "(\r\n|$)", sent.Head);
        }

        [Fact]
        public void A_DEL_character_in_a_header_value_is_refused()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{}"));
            var request = Get(server.Url);
            request.Headers.TryAddWithoutValidation("x-acs-action", "Update\u007F");

            Assert.Throws<HttpRequestException>(() => Transport().Send(request, CancellationToken.None));
            Assert.Equal(0, server.Connections);
        }

        [Fact]
        public void A_host_name_is_resolved_and_each_address_tried()
        {
            // localhost may resolve to ::1 first, where nothing listens: the next address is tried.
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{\"n\":1}"));
            var url = new Uri("http://localhost:" + server.Url.Port + "/");

            Assert.Equal("{\"n\":1}", Call(Transport(), Get(url)));
        }

        // ---- framing and decoding ----

        [Fact]
        public void Reads_Content_Length_chunked_and_until_closed_bodies()
        {
            var chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"a\"\r\nB\r\n:\"chunked\"}\r\n0\r\nX-Trailer: t\r\n\r\n";
            using var server = new KeepAliveServer(i => i switch
            {
                0 => KeepAliveServer.Answer("200 OK", "{\"a\":\"length\"}"),
                1 => KeepAliveServer.Raw(chunked),
                _ => KeepAliveServer.Raw("HTTP/1.1 200 OK\r\n\r\n", Encoding.ASCII.GetBytes("{\"a\":\"until closed\"}"), close: true),
            });
            var http = Transport();

            Assert.Equal("{\"a\":\"length\"}", Call(http, Get(server.Url)));
            Assert.Equal("{\"a\":\"chunked\"}", Call(http, Get(server.Url)));
            Assert.Equal("{\"a\":\"until closed\"}", Call(http, Get(server.Url)));

            Assert.Equal(1, server.Connections);
            Assert.Equal(0, http.IdleCount(server.Url));
        }

        [Fact]
        public void Skips_an_interim_100_answer_and_gives_status_reason_and_headers()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy Now\r\nx-acs-request-id: R1\r\nRetry-After: 7\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n",
                Encoding.ASCII.GetBytes("{}")));

            using var response = Transport().Send(Get(server.Url), CancellationToken.None);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("Busy Now", response.ReasonPhrase);
            Assert.Equal("R1", response.Headers.GetValues("x-acs-request-id").Single());
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter.Delta);
            Assert.Equal("application/json", response.Content.Headers.ContentType.MediaType);
            Assert.Equal(2, response.Content.Headers.ContentLength);
        }

        [Theory]
        [InlineData("gzip")]
        [InlineData("deflate")]
        [InlineData("raw-deflate")]
        public void Decodes_compressed_answers_and_keeps_the_connection(string coding)
        {
            var json = Encoding.UTF8.GetBytes("{\"compressed\":\"" + new string('x', 3000) + "\"}");
            var packed = new MemoryStream();
            using (Stream compressor = coding == "gzip" ? new GZipStream(packed, CompressionLevel.Optimal, true)
                : coding == "deflate" ? new ZLibStream(packed, CompressionLevel.Optimal, true)
                : new DeflateStream(packed, CompressionLevel.Optimal, true))
            {
                compressor.Write(json, 0, json.Length);
            }
            var header = "Content-Encoding: " + (coding == "raw-deflate" ? "deflate" : coding);
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw(
                "HTTP/1.1 200 OK\r\n" + header + "\r\nContent-Length: " + packed.Length + "\r\n\r\n", packed.ToArray()));
            var http = Transport();

            using (var response = http.Send(Get(server.Url), CancellationToken.None))
            {
                Assert.Empty(response.Content.Headers.ContentEncoding);
                Assert.Null(response.Content.Headers.ContentLength);
                Assert.Equal(Encoding.UTF8.GetString(json), Body(response));
            }
            Call(http, Get(server.Url));

            Assert.Equal(1, server.Connections);
        }

        [Fact]
        public void An_empty_answer_to_HEAD_or_204_leaves_the_connection_for_the_next_request()
        {
            using var server = new KeepAliveServer(i => i switch
            {
                0 => KeepAliveServer.Raw("HTTP/1.1 204 No Content\r\n\r\n"),
                1 => KeepAliveServer.Raw("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"),
                _ => KeepAliveServer.Answer("200 OK", "{}"),
            });
            var http = Transport();

            Assert.Equal("", Call(http, Get(server.Url)));
            Assert.Equal("", Call(http, new HttpRequestMessage(HttpMethod.Head, server.Url)));
            Assert.Equal("{}", Call(http, Get(server.Url)));

            Assert.Equal(1, server.Connections);
        }

        [Theory]
        [InlineData("HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n")]
        [InlineData("HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n")]
        [InlineData("<html>hello</html>\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\n folded: header\r\nContent-Length: 0\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nName : value\r\nContent-Length: 0\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nX-Nul: a\0b\r\nContent-Length: 0\r\n\r\n")]
        [InlineData("HTTP/1.1 101 Switching Protocols\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n")]
        public void A_malformed_answer_head_is_an_HttpRequestException(string head)
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw(head, close: true));

            Assert.Throws<HttpRequestException>(() => Transport().Send(Get(server.Url), CancellationToken.None));
        }

        [Theory]
        [InlineData("HTTP/1.1 20x OK")]
        [InlineData("HTTP/1.x 200 OK")]
        [InlineData("HTTP/1.1 2x0 OK")]
        [InlineData("HTTP/1.1 x00 OK")]
        [InlineData("HTTP/1.1 200OK")]
        [InlineData("HTTP/1.1_200 OK")]
        [InlineData("HTTP/1.1 099 Low")]
        [InlineData("HTTP/1.1 20")]
        [InlineData("http/1.1 200 OK")]
        public void A_status_line_that_is_not_HTTP_1_x_with_three_digits_is_refused(string statusLine)
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw(statusLine + "\r\nContent-Length: 0\r\n\r\n", close: true));

            var ex = Assert.Throws<HttpRequestException>(() => Transport().Send(Get(server.Url), CancellationToken.None));

            Assert.Contains("status", ex.Message);
        }

        [Theory]
        [InlineData("HTTP/1.1 418 I'm a teapot", 418, "I'm a teapot")]
        [InlineData("HTTP/1.1 599 Spaced  Out Reason", 599, "Spaced  Out Reason")]
        [InlineData("HTTP/1.1 200", 200, "")]
        [InlineData("HTTP/1.1 201 ", 201, "")]
        [InlineData("HTTP/1.1 302 F", 302, "F")]
        public void The_status_code_and_reason_are_read_as_sent(string statusLine, int code, string reason)
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw(statusLine + "\r\nContent-Length: 0\r\n\r\n"));

            using var response = Transport().Send(Get(server.Url), CancellationToken.None);

            Assert.Equal(code, (int)response.StatusCode);
            Assert.Equal(reason, response.ReasonPhrase);
            Assert.Equal(HttpVersion.Version11, response.Version);
        }

        [Theory]
        [InlineData(": no name")]
        [InlineData("X(Bad): v")]
        [InlineData("X Bad: v")]
        [InlineData("X\"Bad: v")]
        public void An_answer_header_without_a_valid_name_is_refused(string line)
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw("HTTP/1.1 200 OK\r\n" + line + "\r\nContent-Length: 0\r\n\r\n", close: true));

            Assert.Throws<HttpRequestException>(() => Transport().Send(Get(server.Url), CancellationToken.None));
        }

        [Fact]
        public void Header_names_of_every_token_character_and_a_long_value_are_kept()
        {
            var name = "az-AZ-09!#$%&'*+.^_`|~";
            var value = new string('v', 20_000);
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw("HTTP/1.1 200 OK\r\n" + name + ":\t " + value + " \t\nContent-Length: 2\r\n\r\n{}"));

            using var response = Transport().Send(Get(server.Url), CancellationToken.None);

            Assert.Equal(value, response.Headers.GetValues(name).Single());
        }

        [Theory]
        [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}", 2, "1.0")]
        [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}", 1, "1.0")]
        [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\n{}", 2, "1.1")]
        [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}", 1, "1.1")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n{}", 2, "1.1")]
        public void A_connection_is_kept_only_when_the_answer_allows_it(string answer, int connections, string version)
        {
            // An answer framed by the end of the connection: the server closes after it.
            bool untilClosed = answer.Contains("Transfer-Encoding: gzip");
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw(answer, close: untilClosed || (connections == 2 && i == 0)));
            var http = Transport();

            using (var first = http.Send(Get(server.Url), CancellationToken.None))
            {
                Assert.Equal(Version.Parse(version), first.Version);
                Assert.Equal("{}", Body(first));
            }
            Assert.Equal("{}", Call(http, Get(server.Url)));

            Assert.Equal(connections, server.Connections);
        }

        [Fact]
        public void An_empty_answer_is_not_decoded_whatever_its_Content_Encoding()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n"));

            using var response = Transport().Send(Get(server.Url), CancellationToken.None);

            Assert.Equal("", Body(response));
        }

        [Fact]
        public void x_gzip_is_gzip_and_an_unknown_coding_is_passed_on_as_it_is()
        {
            var json = Encoding.UTF8.GetBytes("{\"k\":1}");
            var packed = new MemoryStream();
            using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, true)) gzip.Write(json, 0, json.Length);
            using var server = new KeepAliveServer(i => i == 0
                ? KeepAliveServer.Raw("HTTP/1.1 200 OK\r\nContent-Encoding: x-gzip\r\nContent-Length: " + packed.Length + "\r\n\r\n", packed.ToArray())
                : KeepAliveServer.Raw("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 7\r\n\r\n", Encoding.ASCII.GetBytes("as-sent")));
            var http = Transport();

            Assert.Equal("{\"k\":1}", Call(http, Get(server.Url)));
            using var raw = http.Send(Get(server.Url), CancellationToken.None);
            Assert.Equal("br", raw.Content.Headers.ContentEncoding.Single());
            Assert.Equal("as-sent", Body(raw));
        }

        [Fact]
        public void Answer_headers_beyond_64_KiB_are_refused()
        {
            var many = string.Concat(Enumerable.Range(0, 700).Select(i => "X-Filler-" + i + ": " + new string('f', 90) + "\r\n"));
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw("HTTP/1.1 200 OK\r\n" + many + "Content-Length: 0\r\n\r\n"));

            var ex = Assert.Throws<HttpRequestException>(() => Transport().Send(Get(server.Url), CancellationToken.None));

            Assert.Contains("64 KiB", ex.Message);
        }

        [Theory]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"short\":1}")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"short\":1}")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}xx\r\n0\r\n\r\n")]
        public void A_body_cut_short_or_badly_chunked_fails_the_read_with_an_HttpRequestException(string answer)
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw(answer, close: true));
            var http = Transport();

            using var response = http.Send(Get(server.Url), CancellationToken.None);
            using var stream = response.Content.ReadAsStream();

            Assert.Throws<HttpRequestException>(() => new StreamReader(stream).ReadToEnd());
            Assert.Equal(0, http.IdleCount(server.Url));
        }

        // ---- connections ----

        [Fact]
        public void Sequential_requests_share_one_connection()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{\"n\":" + i + "}"));
            var http = Transport();

            for (int i = 0; i < 5; i++) Assert.Equal("{\"n\":" + i + "}", Call(http, Post(server.Url)));

            Assert.Equal(1, server.Connections);
            Assert.Equal(1, http.IdleCount(server.Url));
        }

        [Fact]
        public void Connection_close_an_unread_body_and_the_idle_timeout_each_end_a_connection()
        {
            using var server = new KeepAliveServer(i => i == 0
                ? KeepAliveServer.Answer("200 OK", "{}", close: true, headers: "Connection: close")
                : KeepAliveServer.Answer("200 OK", "{\"unread\":true}"));
            var http = Transport();
            var stale = Transport(idle: TimeSpan.Zero);

            Call(http, Get(server.Url));                                   // Connection: close
            http.Send(Get(server.Url), CancellationToken.None).Dispose();  // body not read
            Call(http, Get(server.Url));
            Call(stale, Get(server.Url));
            Call(stale, Get(server.Url));                                  // idle for longer than zero

            Assert.Equal(5, server.Connections);
        }

        [Fact]
        public void An_idle_connection_the_server_closed_is_not_reused()
        {
            // The server closes each connection after its answer without saying so.
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{\"n\":" + i + "}", close: true));
            var http = Transport();

            Call(http, Post(server.Url));
            Thread.Sleep(200);
            var second = Call(http, Post(server.Url));

            Assert.Equal("{\"n\":1}", second);
            Assert.Equal(new[] { 1, 2 }, server.Requests.Select(r => r.Connection));
        }

        [Fact]
        public void A_body_less_request_a_kept_alive_connection_closed_without_answering_goes_once_more_on_a_new_connection()
        {
            // The server read the second request and closed the connection in good order (its idle close racing ours):
            // HttpClient sends a request without a body again, on a new connection.
            using var server = new KeepAliveServer(i => i == 1 ? null : KeepAliveServer.Answer("200 OK", "{\"n\":" + i + "}"));
            var http = Transport();

            Call(http, Get(server.Url));
            var second = Call(http, Get(server.Url));

            Assert.Equal("{\"n\":2}", second);
            Assert.Equal(new[] { 1, 1, 2 }, server.Requests.Select(r => r.Connection));
        }

        [Fact]
        public void A_request_with_a_body_is_not_sent_again_when_the_server_closes_without_answering()
        {
            // The server read it and may have acted on it (HttpClient does not send it again either).
            using var server = new KeepAliveServer(i => i == 1 ? null : KeepAliveServer.Answer("200 OK", "{}"));
            var http = Transport();

            Call(http, Post(server.Url));
            var ex = Assert.Throws<HttpRequestException>(() => http.Send(Post(server.Url), CancellationToken.None));

            Assert.IsType<ConnectionClosedException>(ex.InnerException);
            Assert.Equal(2, server.Requests.Count);
        }

        [Fact]
        public void A_request_a_kept_alive_connection_took_is_not_sent_again_when_the_server_resets_it()
        {
            using var server = new KeepAliveServer(i => i == 1 ? new KeepAliveServer.Reply(Array.Empty<byte>(), Reset: true) : KeepAliveServer.Answer("200 OK", "{}"));
            var http = Transport();

            Call(http, Post(server.Url));
            Assert.Throws<HttpRequestException>(() => http.Send(Post(server.Url), CancellationToken.None));

            Assert.Equal(2, server.Requests.Count);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Bytes_past_an_answer_are_never_taken_as_the_next_answer(bool tls)
        {
            // A gateway that sends a second answer unasked, in the same write as the first.
            var first = KeepAliveServer.Answer("200 OK", "{\"n\":\"" + new string('x', 10000) + "\"}").Bytes;
            var extra = KeepAliveServer.Answer("200 OK", "{\"smuggled\":1}").Bytes;
            using var server = new KeepAliveServer(i => i == 0 ? new KeepAliveServer.Reply(first.Concat(extra).ToArray()) : KeepAliveServer.Answer("200 OK", "{\"n\":" + i + "}"), tls);
            var http = Transport(trustAny: true);

            Call(http, Get(server.Url));
            var second = Call(http, Get(server.Url));

            Assert.Equal("{\"n\":1}", second);
            Assert.Equal(2, server.Connections);
        }

        [Fact]
        public void A_new_connection_closed_without_an_answer_is_not_tried_again()
        {
            using var server = new KeepAliveServer(i => null);

            var ex = Assert.Throws<HttpRequestException>(() => Transport().Send(Post(server.Url), CancellationToken.None));

            Assert.IsAssignableFrom<IOException>(ex.InnerException);
            Assert.Single(server.Requests);
        }

        [Fact]
        public void A_refused_connection_carries_the_socket_error()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var url = new Uri("http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port + "/");
            listener.Stop();

            var ex = Assert.Throws<HttpRequestException>(() => Transport().Send(Get(url), CancellationToken.None));

            Assert.True(SharedHttp.IsRefusedConnection(ex), ex.ToString());
        }

        [Fact]
        public void A_silent_server_is_given_up_on_when_the_token_is_cancelled()
        {
            using var server = new KeepAliveServer(i => new KeepAliveServer.Reply(Array.Empty<byte>(), Silent: true));
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var clock = Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() => Transport().Send(Post(server.Url), cancel.Token));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the blocked read was not interrupted: " + clock.Elapsed);
        }

        [Theory]
        [InlineData("Content-Length: 10\r\n")]
        [InlineData("Transfer-Encoding: chunked\r\n")]
        [InlineData("")]
        public void A_body_read_blocked_on_a_silent_server_ends_as_disposed_when_the_answer_is_disposed(string framing)
        {
            // Closing a connection under a read must not look like the end of the answer (a cut-off body taken as whole).
            var start = framing.StartsWith("Transfer") ? "a\r\n{\"" : "{\"";
            using var server = new KeepAliveServer(i => KeepAliveServer.Raw("HTTP/1.1 200 OK\r\n" + framing + "\r\n" + start));
            var response = Transport().Send(Get(server.Url), CancellationToken.None);
            var stream = response.Content.ReadAsStream();
            var buffer = new byte[10];
            Assert.Equal(2, stream.Read(buffer, 0, 10));
            using var timer = new Timer(_ => response.Dispose(), null, 300, Timeout.Infinite);
            var clock = Stopwatch.StartNew();

            Assert.Throws<ObjectDisposedException>(() => stream.Read(buffer, 0, 10));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the blocked read was not interrupted: " + clock.Elapsed);
        }

        [Fact]
        public void Idle_connections_past_the_idle_time_are_closed_by_the_sweep()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{}"));
            var http = Transport(idle: TimeSpan.FromMilliseconds(50));
            Call(http, Get(server.Url));
            Assert.Equal(1, http.IdleCount(server.Url));
            Thread.Sleep(100);

            http.Sweep();

            Assert.Equal(0, http.IdleCount(server.Url));
        }

        [Fact]
        public void The_sweep_keeps_connections_within_the_idle_time_in_their_order()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{}"));
            var http = Transport();
            // Two connections at once, then both idle.
            var first = http.Send(Get(server.Url), CancellationToken.None);
            var second = http.Send(Get(server.Url), CancellationToken.None);
            Body(first);
            Body(second);
            var newest = IdleSocket(http, server.Url);

            http.Sweep();

            Assert.Equal(2, http.IdleCount(server.Url));
            Assert.Same(newest, IdleSocket(http, server.Url));
            Call(http, Get(server.Url));
            Assert.Equal(2, server.Connections);
        }

        // ---- blocking sockets, http and https ----

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void The_socket_stays_blocking_across_kept_alive_requests(bool tls)
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{\"n\":" + i + "}"), tls);
            var http = Transport(trustAny: true);

            for (int i = 0; i < 3; i++) Assert.Equal("{\"n\":" + i + "}", Call(http, Post(server.Url)));

            Assert.Equal(1, server.Connections);
            Assert.True(IsBlocking(IdleSocket(http, server.Url)), "the socket is non-blocking: a read would wait on the socket engine's threads");
        }

        [Fact]
        public void An_untrusted_certificate_fails_as_an_AuthenticationException_inside()
        {
            using var server = new KeepAliveServer(i => KeepAliveServer.Answer("200 OK", "{}"), tls: true);

            var ex = Assert.Throws<HttpRequestException>(() => Transport().Send(Get(server.Url), CancellationToken.None));

            Assert.True(SharedHttp.Has<AuthenticationException>(ex), ex.ToString());
            Assert.Empty(server.Requests);
        }

        private static Socket IdleSocket(BlockingHttp http, Uri url)
        {
            var idle = (Dictionary<string, Stack<BlockingConnection>>)typeof(BlockingHttp).GetField("_idle", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(http)!;
            return idle[BlockingHttp.KeyOf(url)].Peek().Socket;
        }

        /// <summary>The descriptor's own mode (on Unix, Socket.Blocking says what was asked for, not what the descriptor is).</summary>
        private static bool IsBlocking(Socket socket)
        {
            if (OperatingSystem.IsWindows()) return socket.Blocking;
            const int F_GETFL = 3;
            int O_NONBLOCK = OperatingSystem.IsLinux() ? 0x800 : 0x4;
            int flags = Fcntl((int)socket.Handle, F_GETFL, 0);
            Assert.True(flags >= 0, "fcntl failed");
            return (flags & O_NONBLOCK) == 0;
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        private static extern int Fcntl(int fd, int cmd, int arg);

        // ---- which requests it takes, and who uses it ----

        [Theory]
        [InlineData("http://127.0.0.1:8080/", null, true)]
        [InlineData("https://sae.cn-beijing.aliyuncs.com/", null, true)]
        [InlineData("https://sae.cn-beijing.aliyuncs.com/", "http://proxy.example:3128/", false)]
        [InlineData("http://127.0.0.1:8080/", "http://proxy.example:3128/", true)]
        [InlineData("ftp://127.0.0.1/", null, false)]
        [InlineData("https://sae.cn-beijing.aliyuncs.com/", "same", true)]
        public void Takes_http_and_https_the_proxy_policy_sends_direct(string url, string proxy, bool handled)
        {
            IWebProxy system = proxy == null ? null : proxy == "same" ? new DirectProxy() : new WebProxy(proxy);
            var http = new BlockingHttp(new ProxyPolicy(() => system));

            Assert.Equal(handled, OnOwnThread(() => http.Handles(new Uri(url))));
        }

        [Fact]
        public void Takes_no_request_from_a_thread_pool_thread_whose_blocking_could_delay_its_own_timeout()
        {
            var http = Transport();
            var url = new Uri("http://127.0.0.1:8080/");
            Assert.True(OnOwnThread(() => http.Handles(url)));
            Assert.False(System.Threading.Tasks.Task.Run(() => http.Handles(url)).Result);
        }

        /// <summary>A proxy whose answer is the destination itself: "direct", by the IWebProxy convention.</summary>
        private sealed class DirectProxy : IWebProxy
        {
            public ICredentials Credentials { get; set; }
            public Uri GetProxy(Uri destination) => destination;
            public bool IsBypassed(Uri host) => false;
        }

        /// <summary>Runs on a thread of its own, as a pipeline thread is (test methods may run on the thread pool).</summary>
        private static T OnOwnThread<T>(Func<T> work)
        {
            T result = default;
            var thread = new Thread(() => result = work());
            thread.Start();
            thread.Join();
            return result;
        }

        [Theory]
        [InlineData(null, true)]
        [InlineData("", true)]
        [InlineData("Blocking", true)]
        [InlineData("HttpClient", false)]
        [InlineData(" httpclient ", false)]
        public void The_cmdlets_use_it_unless_SAESECRET_TRANSPORT_says_HttpClient(string setting, bool used)
        {
            var http = BlockingHttp.ForCmdlets(name => name == BlockingHttp.TransportVariable ? setting : null);

            Assert.Equal(used, http != null);
        }
    }
}
