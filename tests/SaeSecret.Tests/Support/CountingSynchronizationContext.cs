using System.Threading;

namespace SaeSecret.Tests.Support
{
    /// <summary>Counts what is posted or sent to it, and runs posts on the thread pool so that nothing waits for a caller.</summary>
    internal sealed class CountingSynchronizationContext : SynchronizationContext
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override void Post(SendOrPostCallback d, object state)
        {
            Interlocked.Increment(ref _calls);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }

        public override void Send(SendOrPostCallback d, object state)
        {
            Interlocked.Increment(ref _calls);
            d(state);
        }
    }
}
