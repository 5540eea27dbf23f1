namespace SaeSecret.Emulator;

/// <summary>An SAE namespace as DescribeNamespaceList lists it.</summary>
sealed record StoredNamespace(
    string NamespaceId,
    string NamespaceName,
    string RegionId,
    string NameSpaceShortId,
    string VpcId,
    string VSwitchId,
    string SecurityGroupId,
    bool Custom)
{
    /// <summary>The region is the part before the first ':'; the default namespace is the region id itself.</summary>
    public static string RegionOf(string namespaceId)
    {
        var colon = namespaceId.IndexOf(':');
        return colon < 0 ? namespaceId : namespaceId[..colon];
    }

    /// <summary>The part after the first ':' ("" for a region's default namespace).</summary>
    public static string ShortIdOf(string namespaceId)
    {
        var colon = namespaceId.IndexOf(':');
        return colon < 0 ? "" : namespaceId[(colon + 1)..];
    }

    /// <summary>What the emulator says about a namespace it only knows because a test put a secret into it.</summary>
    public static StoredNamespace Implied(string namespaceId)
    {
        var shortId = ShortIdOf(namespaceId);
        var custom = namespaceId.Contains(':');
        return new StoredNamespace(namespaceId, custom ? shortId : namespaceId, RegionOf(namespaceId), shortId,
            VpcId: "", VSwitchId: "", SecurityGroupId: "", custom);
    }
}

/// <summary>
/// The namespaces the emulator knows: the seeded ones and those a test registered, in that order. A namespace that
/// only holds secrets put through the admin API is known too (see <see cref="Known"/>).
/// </summary>
sealed class NamespaceRegistry
{
    readonly object gate = new();
    readonly List<StoredNamespace> namespaces = [];

    public void Reset()
    {
        lock (gate)
        {
            namespaces.Clear();
            namespaces.AddRange(Seed.Namespaces());
        }
    }

    /// <summary>Registers the namespace, replacing one with the same id in place.</summary>
    public void Put(StoredNamespace ns)
    {
        lock (gate)
        {
            var index = namespaces.FindIndex(n => n.NamespaceId == ns.NamespaceId);
            if (index < 0)
            {
                namespaces.Add(ns);
            }
            else
            {
                namespaces[index] = ns;
            }
        }
    }

    /// <summary>
    /// Every known namespace: registered ones in registration order, then (by id) those only implied by the secrets
    /// in them. <paramref name="withSecrets"/> is the set of namespaces holding at least one secret.
    /// </summary>
    public List<StoredNamespace> Known(IReadOnlySet<string> withSecrets)
    {
        lock (gate)
        {
            var registered = namespaces.Select(n => n.NamespaceId).ToHashSet(StringComparer.Ordinal);
            return [.. namespaces, .. withSecrets.Where(id => !registered.Contains(id)).Order(StringComparer.Ordinal).Select(StoredNamespace.Implied)];
        }
    }

    public bool IsRegistered(string namespaceId)
    {
        lock (gate)
        {
            return namespaces.Any(n => n.NamespaceId == namespaceId);
        }
    }
}
