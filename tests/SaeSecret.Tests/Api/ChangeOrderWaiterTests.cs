using System;
using System.Collections.Generic;
using System.Linq;
using SaeSecret.PowerShell.Api;
using Xunit;

namespace SaeSecret.Tests.Api
{
    /// <summary>Waiting for change orders together: verdicts, one poll per unfinished order, timeouts, the error text.</summary>
    public class ChangeOrderWaiterTests
    {
        private readonly Dictionary<string, Queue<ChangeOrder>> _courses = new Dictionary<string, Queue<ChangeOrder>>();
        private readonly List<string> _polls = new List<string>();
        private readonly List<TimeSpan> _sleeps = new List<TimeSpan>();
        private readonly List<ChangeOrder> _succeeded = new List<ChangeOrder>();
        private readonly List<ChangeOrder> _progress = new List<ChangeOrder>();
        private TimeSpan _now = TimeSpan.Zero;

        private static ChangeOrder Order(string id, ChangeOrderStatus status, int subStatus = 0, string? message = null, int batch = 1, int batches = 2) => new ChangeOrder
        {
            RegionId = "cn-beijing",
            AppId = "app-" + id,
            AppName = "name-" + id,
            ChangeOrderId = id,
            Status = status,
            SubStatus = subStatus,
            ErrorMessage = message,
            CurrentBatch = batch,
            BatchCount = batches,
        };

        private void Course(string id, params ChangeOrder[] answers) => _courses[id] = new Queue<ChangeOrder>(answers);

        private ChangeOrderWaiter Waiter() => new ChangeOrderWaiter(
            order =>
            {
                _polls.Add(order.ChangeOrderId);
                var queue = _courses[order.ChangeOrderId];
                return queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            },
            wait => { _sleeps.Add(wait); _now += wait; },
            () => _now);

        private void Wait(TimeSpan timeout, params string[] ids) =>
            Waiter().Wait(ids.Select(id => new ChangeOrder { RegionId = "cn-beijing", ChangeOrderId = id }), timeout, TimeSpan.FromSeconds(5), _progress.Add, _succeeded.Add);

        [Theory]
        [InlineData(ChangeOrderStatus.Preparing, 0, "Pending")]
        [InlineData(ChangeOrderStatus.Running, 0, "Pending")]
        [InlineData(ChangeOrderStatus.Running, 1, "NeedsRollback")]
        [InlineData(ChangeOrderStatus.Succeeded, 0, "Succeeded")]
        [InlineData(ChangeOrderStatus.Failed, 0, "Failed")]
        [InlineData(ChangeOrderStatus.Terminated, 0, "Failed")]
        [InlineData(ChangeOrderStatus.SystemFailure, 0, "Failed")]
        [InlineData(ChangeOrderStatus.WaitingForManualConfirmation, 0, "AwaitingConfirmation")]
        [InlineData(ChangeOrderStatus.WaitingForAutomaticConfirmation, 0, "Pending")]
        [InlineData(ChangeOrderStatus.PendingApproval, 0, "Pending")]
        [InlineData(ChangeOrderStatus.Approved, 0, "Pending")]
        [InlineData(ChangeOrderStatus.Succeeded, 1, "Succeeded")]
        public void Each_status_has_its_verdict(ChangeOrderStatus status, int subStatus, string verdict)
        {
            Assert.Equal(verdict, ChangeOrderWaiter.Judge(Order("x", status, subStatus)).ToString());
        }

        [Theory]
        [InlineData(0, ChangeOrderStatus.Preparing)]
        [InlineData(1, ChangeOrderStatus.Running)]
        [InlineData(2, ChangeOrderStatus.Succeeded)]
        [InlineData(3, ChangeOrderStatus.Failed)]
        [InlineData(6, ChangeOrderStatus.Terminated)]
        [InlineData(8, ChangeOrderStatus.WaitingForManualConfirmation)]
        [InlineData(9, ChangeOrderStatus.WaitingForAutomaticConfirmation)]
        [InlineData(10, ChangeOrderStatus.SystemFailure)]
        [InlineData(11, ChangeOrderStatus.PendingApproval)]
        [InlineData(12, ChangeOrderStatus.Approved)]
        public void The_status_numbers_are_the_services(int number, ChangeOrderStatus status)
        {
            Assert.Equal(number, (int)status);
        }

        [Fact]
        public void Only_succeeded_failed_terminated_and_system_failure_have_ended()
        {
            var ended = Enum.GetValues(typeof(ChangeOrderStatus)).Cast<ChangeOrderStatus>().Where(s => Order("x", s).Ended);

            Assert.Equal(new[] { ChangeOrderStatus.Succeeded, ChangeOrderStatus.Failed, ChangeOrderStatus.Terminated, ChangeOrderStatus.SystemFailure }, ended);
        }

        [Fact]
        public void Every_unfinished_order_is_polled_once_per_round_and_each_is_handed_on_when_it_succeeds()
        {
            Course("a", Order("a", ChangeOrderStatus.Running), Order("a", ChangeOrderStatus.Succeeded));
            Course("b", Order("b", ChangeOrderStatus.Running), Order("b", ChangeOrderStatus.Running), Order("b", ChangeOrderStatus.Succeeded));

            Wait(TimeSpan.FromMinutes(30), "a", "b");

            Assert.Equal(new[] { "a", "b", "a", "b", "b" }, _polls);
            Assert.Equal(new[] { "a", "b" }, _succeeded.Select(o => o.ChangeOrderId));
            Assert.All(_succeeded, o => Assert.Equal(ChangeOrderStatus.Succeeded, o.Status));
            Assert.Equal(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) }, _sleeps);
            Assert.Equal(5, _progress.Count);
        }

        [Fact]
        public void An_order_given_twice_is_waited_for_once()
        {
            Course("a", Order("a", ChangeOrderStatus.Succeeded));

            Wait(TimeSpan.FromMinutes(1), "a", "a");

            Assert.Single(_polls);
            Assert.Single(_succeeded);
        }

        [Fact]
        public void Nothing_is_slept_when_everything_ended_at_the_first_poll()
        {
            Course("a", Order("a", ChangeOrderStatus.Succeeded));

            Wait(TimeSpan.FromMinutes(1), "a");

            Assert.Empty(_sleeps);
        }

        [Theory]
        [InlineData(ChangeOrderStatus.Failed)]
        [InlineData(ChangeOrderStatus.Terminated)]
        [InlineData(ChangeOrderStatus.SystemFailure)]
        public void A_failed_order_stops_the_wait_with_its_message_made_inert(ChangeOrderStatus status)
        {
            Course("a", Order("a", ChangeOrderStatus.Running), Order("a", status, message: "image pull failed\u001b[31m."));
            Course("b", Order("b", ChangeOrderStatus.Running));

            var ex = Assert.Throws<SaeServiceException>(() => Wait(TimeSpan.FromMinutes(30), "a", "b"));

            Assert.Equal(ErrorIds.ChangeOrderFailed, ex.ErrorCode);
            Assert.Contains("name-a (app-a), change order a", ex.Message);
            Assert.Contains("ended " + status, ex.Message);
            Assert.Contains("image pull failed", ex.Message);
            Assert.IsType<ChangeOrder>(ex.Subject);
            Assert.Equal("a", ((ChangeOrder)ex.Subject!).ChangeOrderId);
            Assert.Empty(_succeeded);
        }

        [Fact]
        public void A_batch_needing_a_rollback_stops_the_wait_at_once()
        {
            Course("a", Order("a", ChangeOrderStatus.Running, subStatus: 1, batch: 1));

            var ex = Assert.Throws<SaeServiceException>(() => Wait(TimeSpan.FromMinutes(30), "a"));

            Assert.Equal(ErrorIds.ChangeOrderNeedsRollback, ex.ErrorCode);
            Assert.Contains("name-a (app-a), change order a", ex.Message);
            Assert.Contains("rollback", ex.Message);
            Assert.Single(_polls);
            Assert.Empty(_sleeps);
        }

        [Fact]
        public void A_batch_waiting_for_confirmation_stops_the_wait_at_once_and_says_so()
        {
            Course("a", Order("a", ChangeOrderStatus.Running), Order("a", ChangeOrderStatus.WaitingForManualConfirmation, batch: 1, batches: 2));

            var ex = Assert.Throws<SaeServiceException>(() => Wait(TimeSpan.FromMinutes(30), "a"));

            Assert.Equal(ErrorIds.ChangeOrderAwaitingConfirmation, ex.ErrorCode);
            Assert.Contains("name-a (app-a), change order a", ex.Message);
            Assert.Contains("confirm", ex.Message);
            Assert.Contains("batch 1 of 2", ex.Message);
            Assert.Equal(2, _polls.Count);
        }

        [Fact]
        public void Past_the_timeout_the_wait_stops_naming_every_order_still_going()
        {
            Course("a", Order("a", ChangeOrderStatus.Running));
            Course("b", Order("b", ChangeOrderStatus.Succeeded));
            Course("c", Order("c", ChangeOrderStatus.Preparing));

            var ex = Assert.Throws<SaeServiceException>(() => Wait(TimeSpan.FromSeconds(12), "a", "b", "c"));

            Assert.Equal(ErrorIds.ChangeOrderWaitTimedOut, ex.ErrorCode);
            Assert.Contains("name-a (app-a), change order a is Running, batch 1 of 2", ex.Message);
            Assert.Contains("change order c is Preparing", ex.Message);
            Assert.DoesNotContain("change order b", ex.Message);
            Assert.Contains("goes on", ex.Message);
            Assert.Contains("after 12 s", ex.Message);
            // 5 s, 5 s, then only the 2 s left, and a last poll at the deadline.
            Assert.Equal(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2) }, _sleeps);
            Assert.Equal(4, _polls.Count(p => p == "a"));
            Assert.Single(_succeeded);
        }

        [Fact]
        public void A_poll_that_fails_stops_the_wait_with_that_error()
        {
            var waiter = new ChangeOrderWaiter(_ => throw new SaeServiceException("InvalidChangeOrder.NotFound", "no such order"), _ => { }, () => TimeSpan.Zero);

            var ex = Assert.Throws<SaeServiceException>(() => waiter.Wait(new[] { Order("a", ChangeOrderStatus.Running) }, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), _ => { }, _ => { }));

            Assert.Equal("InvalidChangeOrder.NotFound", ex.ErrorCode);
        }

        [Fact]
        public void An_order_that_stops_the_wait_names_the_orders_still_going()
        {
            Course("a", Order("a", ChangeOrderStatus.Running));
            Course("b", Order("b", ChangeOrderStatus.Failed, message: "boom"));
            Course("c", Order("c", ChangeOrderStatus.Succeeded));

            var ex = Assert.Throws<SaeServiceException>(() => Wait(TimeSpan.FromMinutes(30), "c", "a", "b"));

            Assert.Equal(ErrorIds.ChangeOrderFailed, ex.ErrorCode);
            Assert.Contains("change order b ended Failed: boom.", ex.Message);
            Assert.Contains("still going in SAE: name-a (app-a), change order a", ex.Message);
            Assert.Contains("Wait-SaeChangeOrder -ChangeOrderId a.", ex.Message);
            Assert.DoesNotContain("change order c", ex.Message);
            Assert.Equal("b", ((ChangeOrder)ex.Subject!).ChangeOrderId);
        }

        [Fact]
        public void An_order_without_an_application_name_is_named_by_its_id()
        {
            var order = Order("a", ChangeOrderStatus.Failed);
            order.AppName = null;

            Assert.Equal("application app-a, change order a", ChangeOrderWaiter.Describe(order));
        }
    }
}
