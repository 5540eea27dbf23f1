using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>Where a change order stands for someone waiting on it.</summary>
    internal enum ChangeOrderVerdict
    {
        /// <summary>Still going: poll again.</summary>
        Pending,
        Succeeded,
        /// <summary>Failed, Terminated or SystemFailure.</summary>
        Failed,
        /// <summary>Running with SubStatus 1: a batch failed and needs a manual rollback; it will not end by itself.</summary>
        NeedsRollback,
        /// <summary>Waiting for a manual batch confirmation: it will not go on by itself.</summary>
        AwaitingConfirmation,
    }

    /// <summary>
    /// Waits for change orders together: each poll describes every unfinished order once, reports it, hands on each
    /// order that succeeded, and stops at the first that cannot end well or when the time is up. No clock or I/O of its
    /// own: the cmdlet gives the calls, the sleep and the clock.
    /// </summary>
    internal sealed class ChangeOrderWaiter
    {
        private readonly Func<ChangeOrder, ChangeOrder> _describe;
        private readonly Action<TimeSpan> _sleep;
        private readonly Func<TimeSpan> _elapsed;

        /// <param name="describe">DescribeChangeOrder for an order (its RegionId and ChangeOrderId).</param>
        /// <param name="sleep">Waits between polls (cancellable by the caller).</param>
        /// <param name="elapsed">Time since the wait began.</param>
        public ChangeOrderWaiter(Func<ChangeOrder, ChangeOrder> describe, Action<TimeSpan> sleep, Func<TimeSpan> elapsed)
        {
            _describe = describe ?? throw new ArgumentNullException(nameof(describe));
            _sleep = sleep ?? throw new ArgumentNullException(nameof(sleep));
            _elapsed = elapsed ?? throw new ArgumentNullException(nameof(elapsed));
        }

        public static ChangeOrderVerdict Judge(ChangeOrder order)
        {
            switch (order.Status)
            {
                case ChangeOrderStatus.Succeeded: return ChangeOrderVerdict.Succeeded;
                case ChangeOrderStatus.Failed:
                case ChangeOrderStatus.Terminated:
                case ChangeOrderStatus.SystemFailure: return ChangeOrderVerdict.Failed;
                case ChangeOrderStatus.WaitingForManualConfirmation: return ChangeOrderVerdict.AwaitingConfirmation;
                case ChangeOrderStatus.Running when order.SubStatus == 1: return ChangeOrderVerdict.NeedsRollback;
                default: return ChangeOrderVerdict.Pending;
            }
        }

        /// <summary>
        /// Polls until every order has succeeded (each handed to <paramref name="succeeded"/> as it does), or throws a
        /// <see cref="SaeServiceException"/> with a ChangeOrder* ErrorId. The same order given twice is waited for once.
        /// </summary>
        /// <param name="progress">Each order as each poll saw it.</param>
        public void Wait(IEnumerable<ChangeOrder> orders, TimeSpan timeout, TimeSpan delay, Action<ChangeOrder> progress, Action<ChangeOrder> succeeded)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = orders.Where(o => seen.Add(o.RegionId + "\n" + o.ChangeOrderId)).ToList();
            while (pending.Count > 0)
            {
                for (int i = 0; i < pending.Count; i++)
                {
                    var latest = _describe(pending[i]);
                    progress(latest);
                    var verdict = Judge(latest);
                    if (verdict == ChangeOrderVerdict.Pending)
                    {
                        pending[i] = latest;
                        continue;
                    }
                    if (verdict != ChangeOrderVerdict.Succeeded) throw Failure(latest, verdict, pending.Where((o, k) => k != i).ToList());
                    succeeded(latest);
                    pending.RemoveAt(i--);
                }
                if (pending.Count == 0) return;
                var left = timeout - _elapsed();
                if (left <= TimeSpan.Zero) throw TimedOut(pending, timeout);
                _sleep(delay < left ? delay : left);
            }
        }

        /// <summary>"web-frontend (a1b2...) change order 7f3c..."</summary>
        public static string Describe(ChangeOrder order) =>
            (string.IsNullOrEmpty(order.AppName) ? "application " + order.AppId : order.AppName + " (" + order.AppId + ")") + ", change order " + order.ChangeOrderId;

        /// <param name="others">Orders still going when this one stopped the wait: named, so none is lost from sight.</param>
        public static SaeServiceException Failure(ChangeOrder order, ChangeOrderVerdict verdict, IReadOnlyList<ChangeOrder>? others = null)
        {
            var error = FailureOf(order, verdict);
            if (others == null || others.Count == 0) return error;
            return new SaeServiceException(error.ErrorCode, error.Message + " " + StillGoing(others))
            { Subject = error.Subject, ServiceMessage = error.ServiceMessage, RequestId = error.RequestId };
        }

        /// <summary>"Not waited for any more, still going in SAE: ...; follow them with Wait-SaeChangeOrder -ChangeOrderId a,b."</summary>
        public static string StillGoing(IEnumerable<ChangeOrder> orders)
        {
            var list = orders.ToList();
            return "Not waited for any more, still going in SAE: " + string.Join("; ", list.Select(Describe)) +
                ". Follow them with Wait-SaeChangeOrder -ChangeOrderId " + string.Join(",", list.Select(o => o.ChangeOrderId)) + ".";
        }

        private static SaeServiceException FailureOf(ChangeOrder order, ChangeOrderVerdict verdict)
        {
            switch (verdict)
            {
                case ChangeOrderVerdict.Failed:
                    return new SaeServiceException(ErrorIds.ChangeOrderFailed,
                        "The restart of " + Describe(order) + " ended " + order.Status +
                        (string.IsNullOrEmpty(order.ErrorMessage) ? "." : ": " + order.ErrorMessage!.TrimEnd('.') + "."))
                    { Subject = order, ServiceMessage = order.ErrorMessage, RequestId = order.RequestId };
                case ChangeOrderVerdict.NeedsRollback:
                    return new SaeServiceException(ErrorIds.ChangeOrderNeedsRollback,
                        "A batch of " + Describe(order) + " failed (" + order.Progress + ") and the order waits for a manual rollback; it will not end by itself. Roll it back in the SAE console." +
                        (string.IsNullOrEmpty(order.ErrorMessage) ? string.Empty : " The service says: " + order.ErrorMessage!.TrimEnd('.') + "."))
                    { Subject = order, ServiceMessage = order.ErrorMessage, RequestId = order.RequestId };
                default:
                    return new SaeServiceException(ErrorIds.ChangeOrderAwaitingConfirmation,
                        Describe(order) + " waits for a batch to be confirmed (" + order.Progress +
                        "): confirm the next batch in the SAE console, then follow it with Wait-SaeChangeOrder -ChangeOrderId " + order.ChangeOrderId + ".")
                    { Subject = order, RequestId = order.RequestId };
            }
        }

        private static SaeServiceException TimedOut(List<ChangeOrder> pending, TimeSpan timeout) =>
            new SaeServiceException(ErrorIds.ChangeOrderWaitTimedOut,
                "Stopped waiting after " + ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s: " +
                string.Join("; ", pending.Select(o => Describe(o) + " is " + o.Status + (o.BatchCount == 0 ? string.Empty : ", " + o.Progress))) +
                ". The order goes on in SAE: follow it with Wait-SaeChangeOrder -ChangeOrderId " + string.Join(",", pending.Select(o => o.ChangeOrderId)) + ".")
            { Subject = pending.Count == 1 ? (object)pending[0] : pending.ToArray() };
    }
}
