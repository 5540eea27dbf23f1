using System.Collections.Concurrent;

namespace SaeSecret.Emulator;

/// <summary>
/// One action's counters: the requests routed to it, whatever the answer (faults, signature and validation failures
/// included); those that changed the emulator's state (a secret written, a change order started); and, for actions
/// about one resource, the requests per resource id (the AppId of RestartApplication, the ChangeOrderId of
/// DescribeChangeOrder).
/// </summary>
sealed class ActionCounter
{
    long requests;
    long applied;
    readonly ConcurrentDictionary<string, long> targets = new(StringComparer.Ordinal);

    public long Requests => Interlocked.Read(ref requests);
    public long Applied => Interlocked.Read(ref applied);

    public void CountRequest(string? target)
    {
        Interlocked.Increment(ref requests);
        if (!string.IsNullOrEmpty(target))
        {
            targets.AddOrUpdate(target, 1, (_, count) => count + 1);
        }
    }

    public void CountApplied() => Interlocked.Increment(ref applied);

    /// <summary>
    /// Requests per resource id, by id (ordinal). A list of {Target, Requests} rather than a map: ids come from
    /// requests, and two differing only in case would make the whole answer unreadable to PowerShell's JSON reader.
    /// </summary>
    public List<TargetCount> Targets() =>
        [.. targets.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new TargetCount(pair.Key, pair.Value))];

    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref applied, 0);
        targets.Clear();
    }
}

sealed record TargetCount(string Target, long Requests);

/// <summary>
/// Counters behind GET /_emulator/stats: TCP connections, requests to SAE paths, and one map of per-action counters
/// keyed "&lt;Service&gt;&lt;Action&gt;" (SaeUpdateSecret, SaeRestartApplication, StsAssumeRole, StsGetCallerIdentity,
/// MetadataToken, CredentialsUri ...). Every action the emulator serves is in the map from the start (at 0); a new
/// action only has to count under its key to show up.
/// </summary>
sealed class EmulatorStats
{
    /// <summary>The flat names the admin API has always used for some actions' Applied counts.</summary>
    static readonly (string Name, string Action)[] LegacyAppliedNames =
    [
        ("SaeUpdatesApplied", "SaeUpdateSecret"),
        ("SaeCreatesApplied", "SaeCreateSecret"),
        ("SaeDeletesApplied", "SaeDeleteSecret"),
    ];

    readonly ConcurrentDictionary<string, ActionCounter> actions = new(StringComparer.Ordinal);
    readonly string[] knownActions;

    // Fields so Interlocked can update them: they are per connection and per service, not per action.
    public long ConnectionsAccepted;
    public long SaeRequests;

    public EmulatorStats(IEnumerable<string> knownActions)
    {
        this.knownActions = [.. knownActions.Distinct(StringComparer.Ordinal)];
        foreach (var action in this.knownActions)
        {
            actions[action] = new ActionCounter();
        }
    }

    public ActionCounter this[string action] => actions.GetOrAdd(action, _ => new ActionCounter());

    public void CountRequest(string action, string? target = null) => this[action].CountRequest(target);

    public void CountApplied(string action) => this[action].CountApplied();

    /// <summary>
    /// The JSON of GET /_emulator/stats: ConnectionsAccepted, SaeRequests, the legacy *Applied names, every action's
    /// request count flat under its key (as the admin API has always answered), and the whole map under "Actions":
    /// key → {Requests, Applied, Targets: [{Target, Requests}]}.
    /// </summary>
    public Dictionary<string, object> Snapshot()
    {
        var ordered = knownActions.Concat(actions.Keys.Except(knownActions, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .Select(key => (Key: key, Counter: this[key])).ToList();
        var snapshot = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["ConnectionsAccepted"] = Interlocked.Read(ref ConnectionsAccepted),
            ["SaeRequests"] = Interlocked.Read(ref SaeRequests),
        };
        foreach (var (name, action) in LegacyAppliedNames)
        {
            snapshot[name] = this[action].Applied;
        }
        foreach (var (key, counter) in ordered)
        {
            snapshot[key] = counter.Requests;
        }
        snapshot["Actions"] = ordered.ToDictionary(a => a.Key, a => (object)new
        {
            a.Counter.Requests,
            a.Counter.Applied,
            Targets = a.Counter.Targets(),
        }, StringComparer.Ordinal);
        return snapshot;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref ConnectionsAccepted, 0);
        Interlocked.Exchange(ref SaeRequests, 0);
        foreach (var counter in actions.Values)
        {
            counter.Reset();
        }
    }
}
