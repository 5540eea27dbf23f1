using System.Globalization;

namespace SaeSecret.Emulator;

/// <summary>SAE's change order (and pipeline) status codes.</summary>
static class ChangeOrderStatus
{
    public const int Preparing = 0;
    public const int Running = 1;
    public const int Succeeded = 2;
    public const int Failed = 3;
    public const int Terminated = 6;
    public const int WaitingForManualConfirmation = 8;
    public const int WaitingForAutomaticConfirmation = 9;
    public const int SystemFailure = 10;
    public const int PendingApproval = 11;
    public const int Approved = 12;

    /// <summary>A change order in one of these has ended; any other status still blocks the application.</summary>
    public static bool IsEnded(int status) => status is Succeeded or Failed or Terminated or SystemFailure;

    /// <summary>The end statuses a FailAfter course may choose.</summary>
    public static readonly int[] FailureStatuses = [Failed, Terminated, SystemFailure];
}

/// <summary>
/// How the change orders of an application go, set by a test (PUT /_emulator/courses) for one app or as the default.
/// The course is fixed on a change order when RestartApplication creates it. Progress is counted in answered
/// DescribeChangeOrder polls, never in time, so a test decides exactly what each poll sees.
/// </summary>
sealed record ChangeOrderCourse(string Course, int Polls = 1, int Batches = ChangeOrderCourse.DefaultBatches, string? Message = null,
    int FailStatus = ChangeOrderStatus.Failed)
{
    public const int DefaultBatches = 2;
    public const int MaxBatches = 50;

    /// <summary>Status 0 → 1 → 2: the Polls-th poll answers Succeeded.</summary>
    public const string SucceedAfter = "SucceedAfter";

    /// <summary>The Polls-th poll answers FailStatus (3, 6 or 10) with ErrorMessage = Message.</summary>
    public const string FailAfter = "FailAfter";

    /// <summary>From the Polls-th poll on: Status 1 with SubStatus 1 (a batch failed, roll back by hand); never ends.</summary>
    public const string NeedsRollback = "NeedsRollback";

    /// <summary>From the Polls-th poll on: Status 8, a batch done and the next awaiting manual confirmation; never ends.</summary>
    public const string WaitForConfirmation = "WaitForConfirmation";

    /// <summary>Runs through its batches over Polls polls, then stays Status 1 on the last batch; never ends.</summary>
    public const string NeverEnd = "NeverEnd";

    // Refusals: RestartApplication answers 400 with the code and creates no change order.
    public const string ChangeOrderRunning = "ChangeOrderRunning";
    public const string InvalidStatus = "InvalidStatus";
    public const string NotDeployYet = "NotDeployYet";
    public const string NoComputeResourceQuota = "NoComputeResourceQuota";

    public static readonly string[] Courses =
        [SucceedAfter, FailAfter, NeedsRollback, WaitForConfirmation, NeverEnd, ChangeOrderRunning, InvalidStatus, NotDeployYet, NoComputeResourceQuota];

    /// <summary>The course every application follows unless a test says otherwise.</summary>
    public static readonly ChangeOrderCourse Default = new(SucceedAfter);

    /// <summary>The error RestartApplication answers under a refusal course, else null.</summary>
    public (string Code, string Message)? Refusal(string appId) => Course switch
    {
        ChangeOrderRunning => ("Application.ChangerOrderRunning",
            $"Another change order is running on the application [{appId}]; wait for it to end and try again."),
        InvalidStatus => ("Application.InvalidStatus", $"The current status of the application [{appId}] does not allow this operation."),
        NotDeployYet => ("Application.NotDeployYet", $"The application [{appId}] has not been deployed yet."),
        NoComputeResourceQuota => ("NoComputeResourceQuota.Exceed", "Your compute resource quota is exhausted."),
        _ => null,
    };

    public string? DefaultMessage => Course switch
    {
        FailAfter => "The change failed: the new instances did not pass the readiness check.",
        NeedsRollback => "A batch failed: the new instances did not pass the readiness check; roll the change back.",
        _ => null,
    };
}

/// <summary>One batch of a change order.</summary>
sealed class Pipeline
{
    public required string PipelineId { get; init; }
    public required string PipelineName { get; init; }
    public int Status { get; set; }

    /// <summary>Epoch ms when the batch started running (or ended at once); null while it is preparing or waiting to start.</summary>
    public long? StartTime { get; set; }

    /// <summary>Epoch ms of the batch's last status change (the order's creation until then).</summary>
    public long UpdateTime { get; set; }

    public Pipeline Copy() => new() { PipelineId = PipelineId, PipelineName = PipelineName, Status = Status, StartTime = StartTime, UpdateTime = UpdateTime };
}

/// <summary>A change order created by RestartApplication; its state moves only when DescribeChangeOrder polls it.</summary>
sealed class ChangeOrder
{
    public const string RestartTypeCode = "CoRestartApplication";

    public required string ChangeOrderId { get; init; }
    public required StoredApp App { get; init; }
    public required ChangeOrderCourse Course { get; init; }
    public required DateTimeOffset Created { get; init; }
    public string CoTypeCode { get; init; } = RestartTypeCode;

    // The RestartApplication parameters as received (null: not sent).
    public int? MinReadyInstances { get; init; }
    public int? MinReadyInstanceRatio { get; init; }
    public bool? AutoEnableApplicationScalingRule { get; init; }

    /// <summary>Answered DescribeChangeOrder polls.</summary>
    public int Polls { get; private set; }

    public int Status { get; private set; } = ChangeOrderStatus.Preparing;
    public int SubStatus { get; private set; }
    public string? ErrorMessage { get; private set; }
    public List<Pipeline> Pipelines { get; private init; } = [];
    public int CurrentBatch { get; private set; } = 1;

    public bool Ended => ChangeOrderStatus.IsEnded(Status);

    public string CurrentPipelineId => Pipelines[CurrentBatch - 1].PipelineId;

    /// <summary>"2020-12-17 21:06:45", in China Standard Time (UTC+8) as SAE's consoles and APIs show times.</summary>
    public string CreateTime => Created.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static ChangeOrder Create(StoredApp app, ChangeOrderCourse course, DateTimeOffset now, int? minReadyInstances, int? minReadyInstanceRatio,
        bool? autoEnableScalingRule)
    {
        var created = now.ToUnixTimeMilliseconds();
        return new ChangeOrder
        {
            ChangeOrderId = Guid.NewGuid().ToString("D"),
            App = app,
            Course = course,
            Created = now,
            MinReadyInstances = minReadyInstances,
            MinReadyInstanceRatio = minReadyInstanceRatio,
            AutoEnableApplicationScalingRule = autoEnableScalingRule,
            Pipelines = [.. Enumerable.Range(1, course.Batches).Select(batch => new Pipeline
            {
                PipelineId = Guid.NewGuid().ToString("D"),
                PipelineName = $"Batch {batch} Change",
                Status = ChangeOrderStatus.Preparing,
                UpdateTime = created,
            })],
        };
    }

    /// <summary>One answered DescribeChangeOrder: the order moves to what its course says for this poll.</summary>
    public void Poll(DateTimeOffset now)
    {
        Polls++;
        if (Ended)
        {
            return;
        }
        var next = StateAt(Polls);
        var stamp = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < Pipelines.Count; i++)
        {
            var pipeline = Pipelines[i];
            if (pipeline.Status == next.Batches[i])
            {
                continue;
            }
            if (next.Batches[i] is not (ChangeOrderStatus.Preparing or ChangeOrderStatus.WaitingForManualConfirmation))
            {
                pipeline.StartTime ??= stamp;
            }
            pipeline.Status = next.Batches[i];
            pipeline.UpdateTime = stamp;
        }
        Status = next.Status;
        SubStatus = next.SubStatus;
        ErrorMessage = next.ErrorMessage;
        CurrentBatch = next.Current;
    }

    public ChangeOrder Copy()
    {
        var copy = new ChangeOrder
        {
            ChangeOrderId = ChangeOrderId,
            App = App,
            Course = Course,
            Created = Created,
            CoTypeCode = CoTypeCode,
            MinReadyInstances = MinReadyInstances,
            MinReadyInstanceRatio = MinReadyInstanceRatio,
            AutoEnableApplicationScalingRule = AutoEnableApplicationScalingRule,
            Pipelines = [.. Pipelines.Select(p => p.Copy())],
        };
        copy.Polls = Polls;
        copy.Status = Status;
        copy.SubStatus = SubStatus;
        copy.ErrorMessage = ErrorMessage;
        copy.CurrentBatch = CurrentBatch;
        return copy;
    }

    /// <summary>What the order shows once it has been polled <paramref name="poll"/> times (1 or more).</summary>
    (int Status, int SubStatus, string? ErrorMessage, int[] Batches, int Current) StateAt(int poll)
    {
        var course = Course;
        var count = course.Batches;
        var message = course.Message ?? course.DefaultMessage;
        if (poll < course.Polls)
        {
            return Running(poll);
        }
        // The batch that was running on the poll before the last one (the first batch when there was none).
        var reached = Math.Max(1, RunningBatch(course.Polls - 1));
        switch (course.Course)
        {
            case ChangeOrderCourse.FailAfter:
                var failed = course.FailStatus == ChangeOrderStatus.Terminated ? ChangeOrderStatus.Terminated : ChangeOrderStatus.Failed;
                return (course.FailStatus, 0, message, BatchStatuses(count, reached, failed), reached);
            case ChangeOrderCourse.NeedsRollback:
                return (ChangeOrderStatus.Running, 1, message, BatchStatuses(count, reached, ChangeOrderStatus.Failed), reached);
            case ChangeOrderCourse.WaitForConfirmation:
                var waiting = Math.Min(reached, count - 1) + 1;
                return (ChangeOrderStatus.WaitingForManualConfirmation, 0, null,
                    BatchStatuses(count, waiting, ChangeOrderStatus.WaitingForManualConfirmation), waiting);
            case ChangeOrderCourse.NeverEnd:
                return (ChangeOrderStatus.Running, 0, null, BatchStatuses(count, count, ChangeOrderStatus.Running), count);
            default:
                return (ChangeOrderStatus.Succeeded, 0, null, BatchStatuses(count, count + 1, ChangeOrderStatus.Succeeded), count);
        }
    }

    /// <summary>Before the course's end: Preparing on the first poll of three or more, then the batches one by one.</summary>
    (int Status, int SubStatus, string? ErrorMessage, int[] Batches, int Current) Running(int poll)
    {
        var batch = RunningBatch(poll);
        return batch == 0
            ? (ChangeOrderStatus.Preparing, 0, null, BatchStatuses(Course.Batches, 0, ChangeOrderStatus.Preparing), 1)
            : (ChangeOrderStatus.Running, 0, null, BatchStatuses(Course.Batches, batch, ChangeOrderStatus.Running), batch);
    }

    /// <summary>
    /// The 1-based batch running at a poll before the last (Polls-th) one, 0 while still preparing: the running polls
    /// are spread evenly over the batches.
    /// </summary>
    int RunningBatch(int poll)
    {
        var preparing = Course.Polls >= 3 ? 1 : 0;
        if (poll <= preparing)
        {
            return 0;
        }
        var running = Course.Polls - preparing;
        return Math.Clamp((int)Math.Ceiling((double)(poll - preparing) * Course.Batches / running), 1, Course.Batches);
    }

    /// <summary>Batches before <paramref name="current"/> succeeded, the current one has <paramref name="status"/>, later ones are preparing.</summary>
    static int[] BatchStatuses(int count, int current, int status) =>
        [.. Enumerable.Range(1, count).Select(batch => batch < current ? ChangeOrderStatus.Succeeded : batch == current ? status : ChangeOrderStatus.Preparing)];
}

/// <summary>Every change order by id, the courses tests set, and the rule that one unfinished order blocks its app.</summary>
sealed class ChangeOrderStore
{
    readonly object gate = new();
    readonly Dictionary<string, ChangeOrder> orders = new(StringComparer.Ordinal);
    readonly List<ChangeOrder> inCreationOrder = [];
    readonly Dictionary<string, ChangeOrderCourse> appCourses = new(StringComparer.Ordinal);
    ChangeOrderCourse defaultCourse = ChangeOrderCourse.Default;

    public void Reset()
    {
        lock (gate)
        {
            orders.Clear();
            inCreationOrder.Clear();
            appCourses.Clear();
            defaultCourse = ChangeOrderCourse.Default;
        }
    }

    /// <summary>Sets the course of one application, or the default for all (appId null).</summary>
    public void SetCourse(string? appId, ChangeOrderCourse course)
    {
        lock (gate)
        {
            if (appId is null)
            {
                defaultCourse = course;
            }
            else
            {
                appCourses[appId] = course;
            }
        }
    }

    /// <summary>Forgets one application's course, or (appId null) every application's and the default's.</summary>
    public void ClearCourse(string? appId)
    {
        lock (gate)
        {
            if (appId is null)
            {
                appCourses.Clear();
                defaultCourse = ChangeOrderCourse.Default;
            }
            else
            {
                appCourses.Remove(appId);
            }
        }
    }

    public (ChangeOrderCourse Default, SortedDictionary<string, ChangeOrderCourse> Apps) Courses()
    {
        lock (gate)
        {
            return (defaultCourse, new SortedDictionary<string, ChangeOrderCourse>(appCourses, StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// Starts a restart change order, or false with the error to answer: the app's course refuses, or an order of
    /// the app has not ended yet (SAE allows one change at a time per application).
    /// </summary>
    public bool TryStartRestart(StoredApp app, DateTimeOffset now, int? minReadyInstances, int? minReadyInstanceRatio,
        bool? autoEnableScalingRule, out ChangeOrder? order, out (string Code, string Message)? refusal)
    {
        lock (gate)
        {
            order = null;
            var course = appCourses.GetValueOrDefault(app.AppId) ?? defaultCourse;
            refusal = course.Refusal(app.AppId);
            if (refusal is not null)
            {
                return false;
            }
            if (inCreationOrder.FirstOrDefault(o => o.App.AppId == app.AppId && !o.Ended) is { } running)
            {
                refusal = ("Application.ChangerOrderRunning",
                    $"Another change order [{running.ChangeOrderId}] is running on the application [{app.AppId}]; wait for it to end and try again.");
                return false;
            }
            var created = ChangeOrder.Create(app, course, now, minReadyInstances, minReadyInstanceRatio, autoEnableScalingRule);
            orders[created.ChangeOrderId] = created;
            inCreationOrder.Add(created);
            order = created.Copy();
            return true;
        }
    }

    /// <summary>One answered DescribeChangeOrder: the order after this poll, or null when there is no such order.</summary>
    public ChangeOrder? Poll(string changeOrderId, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!orders.TryGetValue(changeOrderId, out var order))
            {
                return null;
            }
            order.Poll(now);
            return order.Copy();
        }
    }

    /// <summary>Admin: the orders in creation order, optionally only one app's or the one with that id.</summary>
    public List<ChangeOrder> List(string? appId, string? changeOrderId)
    {
        lock (gate)
        {
            return [.. inCreationOrder
                .Where(o => (appId is null || o.App.AppId == appId) && (changeOrderId is null || o.ChangeOrderId == changeOrderId))
                .Select(o => o.Copy())];
        }
    }
}
