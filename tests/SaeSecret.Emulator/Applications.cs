namespace SaeSecret.Emulator;

/// <summary>An SAE application as RestartApplication and DescribeChangeOrder know it.</summary>
sealed record StoredApp(string AppId, string AppName, string NamespaceId)
{
    public string RegionId => StoredNamespace.RegionOf(NamespaceId);
}

/// <summary>
/// The applications the emulator knows: the seeded ones and those a test registered, in that order. An application
/// that a secret only names in its RelateApps is known too, in that secret's namespace (see <see cref="Known"/>), so
/// every app a secret lists can be restarted.
/// </summary>
sealed class AppRegistry
{
    readonly object gate = new();
    readonly List<StoredApp> apps = [];

    public void Reset()
    {
        lock (gate)
        {
            apps.Clear();
            apps.AddRange(Seed.Apps());
        }
    }

    /// <summary>Registers the application, replacing one with the same AppId in place.</summary>
    public void Put(StoredApp app)
    {
        lock (gate)
        {
            var index = apps.FindIndex(a => a.AppId == app.AppId);
            if (index < 0)
            {
                apps.Add(app);
            }
            else
            {
                apps[index] = app;
            }
        }
    }

    public bool IsRegistered(string appId)
    {
        lock (gate)
        {
            return apps.Any(a => a.AppId == appId);
        }
    }

    /// <summary>
    /// Every known application: registered ones in registration order, then those only named by secrets
    /// (<paramref name="related"/>: each RelateApps entry with its secret's namespace), first mention wins.
    /// </summary>
    public List<StoredApp> Known(IEnumerable<(string NamespaceId, RelatedApp App)> related)
    {
        lock (gate)
        {
            var known = new List<StoredApp>(apps);
            var ids = apps.Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
            foreach (var (namespaceId, app) in related)
            {
                if (ids.Add(app.AppId))
                {
                    known.Add(new StoredApp(app.AppId, app.AppName, namespaceId));
                }
            }
            return known;
        }
    }
}
