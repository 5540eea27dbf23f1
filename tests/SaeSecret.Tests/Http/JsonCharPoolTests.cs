using System.Threading;
using System.Threading.Tasks;
using SaeSecret.PowerShell.Api;
using SaeSecret.PowerShell.Http;
using Xunit;

namespace SaeSecret.Tests.Http
{
    /// <summary>
    /// The per-thread character buffer of the answer parser. Each test runs on a thread of its own, so no other parse
    /// can take or fill that thread's buffer while the test looks at it.
    /// </summary>
    public class JsonCharPoolTests
    {
        private static void OnOwnThread(ThreadStart test)
        {
            var thread = new Thread(test);
            thread.Start();
            thread.Join();
        }

        [Fact]
        public void A_returned_buffer_is_wiped_and_handed_out_again_on_that_thread()
        {
            char[] first = null, second = null;
            OnOwnThread(() =>
            {
                first = JsonCharPool.Instance.Rent(100);
                "secret".CopyTo(0, first, 0, 6);
                JsonCharPool.Instance.Return(first);
                second = JsonCharPool.Instance.Rent(50);
            });

            Assert.Same(first, second);
            Assert.All(second, c => Assert.Equal('\0', c));
        }

        [Fact]
        public void A_buffer_is_not_handed_out_twice_before_it_comes_back()
        {
            char[] first = null, second = null;
            OnOwnThread(() =>
            {
                JsonCharPool.Instance.Return(new char[64]);
                first = JsonCharPool.Instance.Rent(10);
                second = JsonCharPool.Instance.Rent(10);
            });

            Assert.NotSame(first, second);
        }

        [Fact]
        public void A_buffer_too_small_for_the_request_is_not_handed_out()
        {
            char[] small = new char[16], rented = null;
            OnOwnThread(() =>
            {
                JsonCharPool.Instance.Return(small);
                rented = JsonCharPool.Instance.Rent(17);
            });

            Assert.NotSame(small, rented);
            Assert.True(rented.Length >= 17);
        }

        [Fact]
        public void A_large_buffer_is_not_kept()
        {
            char[] large = new char[4097], rented = null;
            OnOwnThread(() =>
            {
                JsonCharPool.Instance.Return(large);
                rented = JsonCharPool.Instance.Rent(10);
            });

            Assert.NotSame(large, rented);
        }

        [Fact]
        public void Returning_nothing_is_ignored()
        {
            OnOwnThread(() => JsonCharPool.Instance.Return(null));
        }

        [Fact]
        public void A_parsed_answer_leaves_none_of_its_text_in_the_buffer()
        {
            char[] after = null;
            var parsed = false;
            OnOwnThread(() =>
            {
                parsed = SaeResponse.TryParse("{\"RequestId\":\"R-1\",\"Data\":{\"Data\":{\"password\":\"czNjcjN0\"}},\"Success\":true}", out _);
                after = JsonCharPool.Instance.Rent(1);
            });

            Assert.True(parsed);
            Assert.True(after.Length > 1, "the parser's buffer did not come back to the pool");
            Assert.All(after, c => Assert.Equal('\0', c));
        }

        [Fact]
        public async Task Answers_parsed_one_after_another_on_one_thread_are_each_read_whole()
        {
            await Task.Run(() =>
            {
                Assert.True(SaeResponse.TryParse("{\"RequestId\":\"a-much-longer-request-id-than-the-next\",\"Code\":\"200\"}", out var first));
                Assert.True(SaeResponse.TryParse("{\"RequestId\":\"b\"}", out var second));

                Assert.Equal("a-much-longer-request-id-than-the-next", first.RequestId);
                Assert.Equal("200", first.Code);
                Assert.Equal("b", second.RequestId);
                Assert.Null(second.Code);
            });
        }
    }
}
