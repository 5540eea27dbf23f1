using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using SaeSecret.PowerShell.Api;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Restarts applications and waits for change orders on behalf of a cmdlet (Restart-SaeApplication,
    /// Wait-SaeChangeOrder, -RestartApplications): its calls, its progress bars, its output.
    /// </summary>
    internal sealed class ChangeOrderSession
    {
        public const int DefaultTimeoutSeconds = 1800;
        public const int DefaultDelaySeconds = 5;

        private readonly SaeApiCmdlet _cmdlet;
        private readonly Dictionary<string, int> _activities = new Dictionary<string, int>(StringComparer.Ordinal);

        public ChangeOrderSession(SaeApiCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public SubmittedChangeOrder Restart(string regionId, string appId, int? minReadyInstances, int? minReadyInstanceRatio) =>
            _cmdlet.Call(SaeOperations.RestartApplication(_cmdlet.Endpoints.ForRegion(regionId), appId, minReadyInstances, minReadyInstanceRatio));

        public ChangeOrder Describe(string regionId, string changeOrderId) =>
            _cmdlet.Call(SaeOperations.DescribeChangeOrder(_cmdlet.Endpoints.ForRegion(regionId), regionId, changeOrderId));

        /// <summary>
        /// Waits for the orders together (<see cref="ChangeOrderWaiter"/>): a progress bar per order, each order written
        /// when it has succeeded; a failure is thrown as the waiter decides.
        /// </summary>
        public void Wait(IEnumerable<ChangeOrder> orders, int timeoutSeconds, int delaySeconds)
        {
            var clock = Stopwatch.StartNew();
            var waiter = new ChangeOrderWaiter(
                order => Describe(order.RegionId, order.ChangeOrderId),
                wait =>
                {
                    _cmdlet.StoppingToken.WaitHandle.WaitOne(wait);
                    _cmdlet.StoppingToken.ThrowIfCancellationRequested();
                },
                () => clock.Elapsed);
            try
            {
                waiter.Wait(orders, TimeSpan.FromSeconds(timeoutSeconds), TimeSpan.FromSeconds(delaySeconds), order => Progress(order, false), order =>
                {
                    Progress(order, true);
                    _cmdlet.WriteObject(order);
                });
            }
            catch (SaeServiceException ex) when (ex.Subject is ChangeOrder failed)
            {
                Progress(failed, true);
                throw;
            }
        }

        private void Progress(ChangeOrder order, bool done)
        {
            if (!_activities.TryGetValue(order.ChangeOrderId, out var id))
            {
                id = _activities.Count + 1;
                _activities[order.ChangeOrderId] = id;
            }
            var name = string.IsNullOrEmpty(order.AppName) ? order.AppId : order.AppName;
            var record = new ProgressRecord(id, "Restarting " + name + " (change order " + order.ChangeOrderId + ")",
                order.Status + (order.BatchCount == 0 ? string.Empty : ", " + order.Progress))
            {
                RecordType = done ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            if (order.BatchCount > 0) record.PercentComplete = Math.Min(100, 100 * (order.Status == ChangeOrderStatus.Succeeded ? order.BatchCount : Math.Max(0, order.CurrentBatch - 1)) / order.BatchCount);
            _cmdlet.WriteProgress(record);
        }
    }
}
