namespace SaeSecret.Emulator;

/// <summary>An application that mounts a secret (SAE's RelateApps entry).</summary>
sealed record RelatedApp(string AppId, string AppName);

/// <summary>A job (SAE job template) that mounts a secret; DeleteSecret refuses with DependencyViolation.Job.</summary>
sealed record RelatedJob(string JobId, string JobName);

/// <summary>
/// A secret as SAE holds it. Version counts successful UpdateSecret calls since it was created (or put by the admin
/// API); CreateTime/UpdateTime are epoch milliseconds, UpdateTime moves on every successful create or update.
/// </summary>
sealed class StoredSecret(string namespaceId, long secretId, string type, Dictionary<string, string> data)
{
    public string NamespaceId { get; } = namespaceId;
    public long SecretId { get; } = secretId;
    public string Type { get; } = type;
    public Dictionary<string, string> Data { get; set; } = data;
    public int Version { get; set; }
    public string Name { get; set; } = DefaultName(secretId);
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public List<RelatedApp> RelateApps { get; set; } = [];
    public List<RelatedJob> Jobs { get; set; } = [];

    /// <summary>The name an admin-put secret gets when the test gives none.</summary>
    public static string DefaultName(long secretId) => "secret-" + secretId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public StoredSecret Copy() =>
        new(NamespaceId, SecretId, Type, new Dictionary<string, string>(Data, StringComparer.Ordinal))
        {
            Version = Version,
            Name = Name,
            CreateTime = CreateTime,
            UpdateTime = UpdateTime,
            RelateApps = [.. RelateApps],
            Jobs = [.. Jobs],
        };
}

enum UpdateOutcome { Applied, SecretNotFound, RequiredKeyMissing }

enum CreateOutcome { Created, NameConflict, QuotaExceeded }

enum DeleteOutcome { Deleted, SecretNotFound, UsedByApps, UsedByJobs }

sealed class SecretStore
{
    /// <summary>Ids CreateSecret hands out start here, clear of every seeded id.</summary>
    public const long FirstCreatedId = 1000;

    readonly object gate = new();
    readonly Dictionary<(string NamespaceId, long SecretId), StoredSecret> secrets = new();
    long nextId = FirstCreatedId;
    long lastStamp;

    public void Reset()
    {
        lock (gate)
        {
            secrets.Clear();
            foreach (var secret in Seed.Secrets())
            {
                secrets[(secret.NamespaceId, secret.SecretId)] = secret;
            }
            nextId = FirstCreatedId;
            lastStamp = 0;
        }
    }

    /// <summary>
    /// Stores the secret as given, replacing any with the same namespace and id. Name, CreateTime, RelateApps and Jobs
    /// the caller leaves null are kept from the secret it replaces (or defaulted); UpdateTime is now unless given.
    /// </summary>
    public StoredSecret Put(StoredSecret secret, string? name = null, List<RelatedApp>? apps = null, List<RelatedJob>? jobs = null,
        long? createTime = null, long? updateTime = null)
    {
        lock (gate)
        {
            secrets.TryGetValue((secret.NamespaceId, secret.SecretId), out var previous);
            var stamp = updateTime ?? NextStamp(previous?.UpdateTime ?? 0);
            secret.Name = name ?? previous?.Name ?? StoredSecret.DefaultName(secret.SecretId);
            secret.RelateApps = apps ?? previous?.RelateApps ?? [];
            secret.Jobs = jobs ?? previous?.Jobs ?? [];
            secret.CreateTime = createTime ?? previous?.CreateTime ?? stamp;
            secret.UpdateTime = stamp;
            secrets[(secret.NamespaceId, secret.SecretId)] = secret;
            return secret.Copy();
        }
    }

    public StoredSecret? Get(string namespaceId, long secretId)
    {
        lock (gate)
        {
            return secrets.TryGetValue((namespaceId, secretId), out var secret) ? secret.Copy() : null;
        }
    }

    /// <summary>The namespace's secrets, by id.</summary>
    public List<StoredSecret> List(string namespaceId)
    {
        lock (gate)
        {
            return secrets.Values.Where(s => s.NamespaceId == namespaceId).OrderBy(s => s.SecretId).Select(s => s.Copy()).ToList();
        }
    }

    /// <summary>Every namespace that holds at least one secret.</summary>
    public HashSet<string> NamespacesInUse()
    {
        lock (gate)
        {
            return secrets.Keys.Select(k => k.NamespaceId).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>Every RelateApps entry with its secret's namespace, by namespace and SecretId.</summary>
    public List<(string NamespaceId, RelatedApp App)> RelatedApps()
    {
        lock (gate)
        {
            return [.. secrets.Values.OrderBy(s => s.NamespaceId, StringComparer.Ordinal).ThenBy(s => s.SecretId)
                .SelectMany(s => s.RelateApps.Select(app => (s.NamespaceId, app)))];
        }
    }

    public bool AnyIn(string namespaceId)
    {
        lock (gate)
        {
            return secrets.Keys.Any(k => k.NamespaceId == namespaceId);
        }
    }

    /// <summary>Replaces the whole data map, as SAE does: keys not sent are gone afterwards.</summary>
    public UpdateOutcome Update(string namespaceId, long secretId, Dictionary<string, string> data, out string? missingKey)
    {
        missingKey = null;
        lock (gate)
        {
            if (!secrets.TryGetValue((namespaceId, secretId), out var secret))
            {
                return UpdateOutcome.SecretNotFound;
            }
            missingKey = RequiredKeys(secret.Type).FirstOrDefault(key => !data.ContainsKey(key));
            if (missingKey is not null)
            {
                return UpdateOutcome.RequiredKeyMissing;
            }
            secret.Data = data;
            secret.Version++;
            secret.UpdateTime = NextStamp(secret.UpdateTime);
            return UpdateOutcome.Applied;
        }
    }

    /// <summary>
    /// Creates a secret with the next free id (unique across namespaces), unless the name is taken in the namespace or
    /// the namespace already holds <paramref name="quota"/> secrets. The caller has validated type and keys.
    /// </summary>
    public CreateOutcome Create(string namespaceId, string name, string type, Dictionary<string, string> data, int quota, out long secretId)
    {
        secretId = 0;
        lock (gate)
        {
            var inNamespace = secrets.Values.Where(s => s.NamespaceId == namespaceId).ToList();
            if (inNamespace.Any(s => s.Name == name))
            {
                return CreateOutcome.NameConflict;
            }
            if (inNamespace.Count >= quota)
            {
                return CreateOutcome.QuotaExceeded;
            }
            var usedIds = secrets.Keys.Select(k => k.SecretId).ToHashSet();
            while (usedIds.Contains(nextId))
            {
                nextId++;
            }
            secretId = nextId++;
            var stamp = NextStamp(0);
            secrets[(namespaceId, secretId)] = new StoredSecret(namespaceId, secretId, type, data)
            {
                Name = name,
                CreateTime = stamp,
                UpdateTime = stamp,
            };
            return CreateOutcome.Created;
        }
    }

    /// <summary>Deletes the secret unless an application or a job (checked in that order) still uses it.</summary>
    public DeleteOutcome Delete(string namespaceId, long secretId, out StoredSecret? secret)
    {
        lock (gate)
        {
            if (!secrets.TryGetValue((namespaceId, secretId), out var stored))
            {
                secret = null;
                return DeleteOutcome.SecretNotFound;
            }
            secret = stored.Copy();
            if (stored.RelateApps.Count > 0)
            {
                return DeleteOutcome.UsedByApps;
            }
            if (stored.Jobs.Count > 0)
            {
                return DeleteOutcome.UsedByJobs;
            }
            secrets.Remove((namespaceId, secretId));
            return DeleteOutcome.Deleted;
        }
    }

    /// <summary>Admin: removes the secret whatever uses it; false when there was none.</summary>
    public bool Remove(string namespaceId, long secretId)
    {
        lock (gate)
        {
            return secrets.Remove((namespaceId, secretId));
        }
    }

    /// <summary>Admin: adds the app (replacing one with the same AppId); null when there is no such secret.</summary>
    public StoredSecret? AttachApp(string namespaceId, long secretId, RelatedApp app) =>
        Change(namespaceId, secretId, s => s.RelateApps = [.. s.RelateApps.Where(a => a.AppId != app.AppId), app]);

    /// <summary>Admin: removes the app with that id, or every app when appId is null.</summary>
    public StoredSecret? DetachApps(string namespaceId, long secretId, string? appId) =>
        Change(namespaceId, secretId, s => s.RelateApps = appId is null ? [] : [.. s.RelateApps.Where(a => a.AppId != appId)]);

    public StoredSecret? AttachJob(string namespaceId, long secretId, RelatedJob job) =>
        Change(namespaceId, secretId, s => s.Jobs = [.. s.Jobs.Where(j => j.JobId != job.JobId), job]);

    public StoredSecret? DetachJobs(string namespaceId, long secretId, string? jobId) =>
        Change(namespaceId, secretId, s => s.Jobs = jobId is null ? [] : [.. s.Jobs.Where(j => j.JobId != jobId)]);

    StoredSecret? Change(string namespaceId, long secretId, Action<StoredSecret> change)
    {
        lock (gate)
        {
            if (!secrets.TryGetValue((namespaceId, secretId), out var secret))
            {
                return null;
            }
            change(secret);
            return secret.Copy();
        }
    }

    /// <summary>Keys a secret of this type must always carry.</summary>
    public static string[] RequiredKeys(string type) => type switch
    {
        Seed.DockerConfigJsonType => [".dockerconfigjson"],
        Seed.TlsType => ["tls.crt", "tls.key"],
        _ => [],
    };

    /// <summary>Now in epoch ms, but always later than the last stamp given and than <paramref name="previous"/> (under the gate).</summary>
    long NextStamp(long previous)
    {
        lastStamp = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Math.Max(lastStamp, previous) + 1);
        return lastStamp;
    }
}
