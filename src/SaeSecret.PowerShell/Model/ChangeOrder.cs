using System;
using System.Globalization;

namespace SaeSecret
{
    /// <summary>The Status of an SAE change order (DescribeChangeOrder), with the service's numbers.</summary>
    public enum ChangeOrderStatus
    {
        Preparing = 0,
        Running = 1,
        Succeeded = 2,
        Failed = 3,
        Terminated = 6,
        /// <summary>A batch is done and the next one waits for someone to confirm it (in the console or the API).</summary>
        WaitingForManualConfirmation = 8,
        /// <summary>A batch is done and the next one starts by itself after the configured interval.</summary>
        WaitingForAutomaticConfirmation = 9,
        SystemFailure = 10,
        PendingApproval = 11,
        Approved = 12,
    }

    /// <summary>One batch (pipeline) of a change order.</summary>
    public sealed class ChangeOrderBatch
    {
        public string? PipelineId { get; internal set; }
        public string? PipelineName { get; internal set; }
        public ChangeOrderStatus Status { get; internal set; }

        /// <summary>UTC; null before the batch started.</summary>
        public DateTime? StartTime { get; internal set; }

        /// <summary>UTC.</summary>
        public DateTime? UpdateTime { get; internal set; }

        public override string ToString() => PipelineName + ": " + Status;
    }

    /// <summary>
    /// An SAE change order: what Restart-SaeApplication submits and Get-/Wait-SaeChangeOrder report. Binds by property
    /// name (ChangeOrderId, RegionId) to Get-SaeChangeOrder and Wait-SaeChangeOrder.
    /// </summary>
    public sealed class ChangeOrder
    {
        public string RegionId { get; internal set; } = null!;
        public string? AppId { get; internal set; }
        public string? AppName { get; internal set; }
        public string ChangeOrderId { get; internal set; } = null!;

        /// <summary>The kind of change, e.g. CoRestartApplication.</summary>
        public string? CoTypeCode { get; internal set; }

        public ChangeOrderStatus Status { get; internal set; }

        /// <summary>1 while Status is Running: a batch failed and must be rolled back by hand; the order will not end by itself.</summary>
        public int SubStatus { get; internal set; }

        /// <summary>The service's text, made inert; null when there is none.</summary>
        public string? ErrorMessage { get; internal set; }

        /// <summary>As the service writes it (its own time zone, no offset given).</summary>
        public DateTime? CreateTime { get; internal set; }

        public int BatchCount { get; internal set; }

        /// <summary>The batch being worked on, 1-based; 0 when none has started.</summary>
        public int CurrentBatch { get; internal set; }

        public ChangeOrderBatch[] Batches { get; internal set; } = Array.Empty<ChangeOrderBatch>();

        /// <summary>The RequestId of the call that produced this view of the order.</summary>
        public string? RequestId { get; internal set; }

        /// <summary>Succeeded, Failed, Terminated or SystemFailure: nothing more will happen.</summary>
        public bool Ended => Status == ChangeOrderStatus.Succeeded || Status == ChangeOrderStatus.Failed ||
            Status == ChangeOrderStatus.Terminated || Status == ChangeOrderStatus.SystemFailure;

        /// <summary>"batch 1 of 2".</summary>
        public string Progress => BatchCount == 0 ? string.Empty
            : "batch " + CurrentBatch.ToString(CultureInfo.InvariantCulture) + " of " + BatchCount.ToString(CultureInfo.InvariantCulture);

        public override string ToString() => AppName + " (" + AppId + ") " + ChangeOrderId + ": " + Status;
    }
}
