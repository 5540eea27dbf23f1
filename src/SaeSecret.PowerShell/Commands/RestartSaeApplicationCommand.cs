using System;
using System.Collections.Generic;
using System.Management.Automation;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// Restart-SaeApplication: restarts SAE applications (RestartApplication), each once per pipeline, and writes their
    /// change orders; with -Wait, waits for all of them together (DescribeChangeOrder) and writes each when it succeeded.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Restart, "SaeApplication", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ChangeOrder))]
    public sealed class RestartSaeApplicationCommand : SaeApiCmdlet
    {
        private readonly HashSet<string> _restarted = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<ChangeOrder> _submitted = new List<ChangeOrder>();
        private ChangeOrderSession? _session;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string[] AppId { get; set; } = null!;

        /// <summary>Instances that must stay ready during the restart: 0 allows downtime, -1 the service default (25%).</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public int MinReadyInstances { get; set; }

        /// <summary>Percentage of instances that must stay ready (0..100, -1 unused); wins over -MinReadyInstances.</summary>
        [Parameter]
        [ValidateRange(-1, 100)]
        public int MinReadyInstanceRatio { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds to wait with -Wait.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = ChangeOrderSession.DefaultTimeoutSeconds;

        /// <summary>Seconds between polls with -Wait.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int Delay { get; set; } = ChangeOrderSession.DefaultDelaySeconds;

        private ChangeOrderSession Session => _session ?? (_session = new ChangeOrderSession(this));

        protected override object? RecordTarget() => AppId != null && AppId.Length == 1 ? (object?)AppId[0] : AppId;

        protected override void ProcessOne()
        {
            foreach (var appId in AppId) ApplicationRules.CheckAppId(appId);
            var region = Endpoints.Region(RegionId, out _);
            foreach (var appId in AppId)
            {
                if (!_restarted.Add(region + "\n" + appId))
                {
                    WriteVerbose("Application " + appId + " in " + region + " was already restarted by this pipeline.");
                    continue;
                }
                if (!ShouldProcess("application " + appId + " in " + region, "Restart the application")) continue;
                var submitted = Session.Restart(region, appId, Bound(nameof(MinReadyInstances), MinReadyInstances), Bound(nameof(MinReadyInstanceRatio), MinReadyInstanceRatio));
                var order = new ChangeOrder { RegionId = region, AppId = appId, ChangeOrderId = submitted.ChangeOrderId, RequestId = submitted.RequestId };
                if (Wait.IsPresent)
                {
                    _submitted.Add(order);
                    continue;
                }
                try
                {
                    order = Session.Describe(region, submitted.ChangeOrderId);
                }
                catch (SaeServiceException ex)
                {
                    // The restart was started: its order is written as far as it is known, never lost behind the failed read.
                    WriteWarning("Application " + appId + " is restarting (change order " + submitted.ChangeOrderId + "), but its state could not be read (" +
                        ex.ErrorCode + "); follow it with Get-SaeChangeOrder or Wait-SaeChangeOrder.");
                }
                WriteObject(order);
            }
        }

        protected override void EndOfPipeline()
        {
            if (_submitted.Count == 0) return;
            // From here on the waiter's own errors name the orders still going.
            var orders = _submitted.ToArray();
            _submitted.Clear();
            Session.Wait(orders, Timeout, Delay);
        }

        /// <summary>An error stops the pipeline before -Wait began: the restarts already started are named.</summary>
        protected override void BeforeStopping()
        {
            if (_submitted.Count > 0) WriteWarning("Restarts started and not waited for: " + Api.ChangeOrderWaiter.StillGoing(_submitted));
        }

        private int? Bound(string name, int value) => MyInvocation.BoundParameters.ContainsKey(name) ? value : (int?)null;
    }

    /// <summary>Get-SaeChangeOrder: describes change orders (DescribeChangeOrder); binds ChangeOrder objects from the pipeline.</summary>
    [Cmdlet(VerbsCommon.Get, "SaeChangeOrder")]
    [OutputType(typeof(ChangeOrder))]
    public sealed class GetSaeChangeOrderCommand : SaeApiCmdlet
    {
        private ChangeOrderSession? _session;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string[] ChangeOrderId { get; set; } = null!;

        protected override object? RecordTarget() => ChangeOrderId != null && ChangeOrderId.Length == 1 ? (object?)ChangeOrderId[0] : ChangeOrderId;

        protected override void ProcessOne()
        {
            foreach (var id in ChangeOrderId) ApplicationRules.CheckChangeOrderId(id);
            var region = Endpoints.Region(RegionId, out _);
            var session = _session ?? (_session = new ChangeOrderSession(this));
            foreach (var id in ChangeOrderId) WriteObject(session.Describe(region, id));
        }
    }

    /// <summary>
    /// Wait-SaeChangeOrder: waits for change orders together until each has succeeded (written as it does), one fails,
    /// one needs a hand (rollback, confirmation), or -Timeout passes; binds ChangeOrder objects from the pipeline.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "SaeChangeOrder")]
    [OutputType(typeof(ChangeOrder))]
    public sealed class WaitSaeChangeOrderCommand : SaeApiCmdlet
    {
        private readonly List<ChangeOrder> _orders = new List<ChangeOrder>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string[] ChangeOrderId { get; set; } = null!;

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = ChangeOrderSession.DefaultTimeoutSeconds;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int Delay { get; set; } = ChangeOrderSession.DefaultDelaySeconds;

        protected override object? RecordTarget() => ChangeOrderId != null && ChangeOrderId.Length == 1 ? (object?)ChangeOrderId[0] : ChangeOrderId;

        protected override void ProcessOne()
        {
            foreach (var id in ChangeOrderId) ApplicationRules.CheckChangeOrderId(id);
            var region = Endpoints.Region(RegionId, out _);
            foreach (var id in ChangeOrderId) _orders.Add(new ChangeOrder { RegionId = region, ChangeOrderId = id });
        }

        protected override void EndOfPipeline()
        {
            if (_orders.Count > 0) new ChangeOrderSession(this).Wait(_orders, Timeout, Delay);
        }
    }
}
