using System.Globalization;
using System.Text.Json;

namespace SaeSecret.Emulator;

/// <summary>Unsigned loopback endpoints under /_emulator/ that tests use to arrange and inspect the emulator.</summary>
static class AdminApi
{
    public const string Prefix = "/_emulator";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        var admin = app.MapGroup(Prefix);

        admin.MapPost("/reset", context =>
        {
            state.Reset();
            return ApiResponses.WriteJsonAsync(context, 200, new { Reset = true });
        });

        admin.MapPut("/secrets", context => WithJsonBody(context, body => PutSecretAsync(context, state, body)));
        admin.MapGet("/secrets", context => GetSecretAsync(context, state));
        admin.MapDelete("/secrets", context => RemoveSecretAsync(context, state));
        admin.MapPost("/secrets/apps", context => WithJsonBody(context, body => AttachAsync(context, state, body, "AppId", "AppName",
            (ns, id, key, name) => state.Secrets.AttachApp(ns, id, new RelatedApp(key, name)))));
        admin.MapDelete("/secrets/apps", context => DetachAsync(context, state, "AppId", state.Secrets.DetachApps));
        admin.MapPost("/secrets/jobs", context => WithJsonBody(context, body => AttachAsync(context, state, body, "JobId", "JobName",
            (ns, id, key, name) => state.Secrets.AttachJob(ns, id, new RelatedJob(key, name)))));
        admin.MapDelete("/secrets/jobs", context => DetachAsync(context, state, "JobId", state.Secrets.DetachJobs));
        admin.MapPut("/namespaces", context => WithJsonBody(context, body => PutNamespaceAsync(context, state, body)));
        admin.MapGet("/namespaces", context => ApiResponses.WriteJsonAsync(context, 200, state.KnownNamespaces()));
        admin.MapPut("/keys", context => WithJsonBody(context, body => PutKeyAsync(context, state, body)));
        admin.MapGet("/keys", context => GetKeysAsync(context, state));

        admin.MapPut("/apps", context => WithJsonBody(context, body => PutAppAsync(context, state, body)));
        admin.MapGet("/apps", context => ApiResponses.WriteJsonAsync(context, 200, state.KnownApps().Select(app => AppView(state, app))));
        admin.MapPut("/courses", context => WithJsonBody(context, body => PutCourseAsync(context, state, body)));
        admin.MapGet("/courses", context => WriteCoursesAsync(context, state));
        admin.MapDelete("/courses", context =>
        {
            var appId = context.Request.Query["AppId"].FirstOrDefault();
            state.ChangeOrders.ClearCourse(string.IsNullOrEmpty(appId) ? null : appId);
            return WriteCoursesAsync(context, state);
        });
        admin.MapGet("/changeorders", context =>
        {
            var appId = context.Request.Query["AppId"].FirstOrDefault();
            var changeOrderId = context.Request.Query["ChangeOrderId"].FirstOrDefault();
            return ApiResponses.WriteJsonAsync(context, 200, state.ChangeOrders
                .List(string.IsNullOrEmpty(appId) ? null : appId, string.IsNullOrEmpty(changeOrderId) ? null : changeOrderId)
                .Select(ChangeOrderView));
        });

        admin.MapGet("/requests", context => WriteRequestLogAsync(context, state));
        admin.MapDelete("/requests", context =>
        {
            state.Requests.Clear();
            return ApiResponses.WriteJsonAsync(context, 200, new { Cleared = true });
        });

        admin.MapGet("/stats", context => ApiResponses.WriteJsonAsync(context, 200, state.Stats.Snapshot()));

        admin.MapPost("/faults", context => WithJsonBody(context, body => AddFaultAsync(context, state, body)));
        admin.MapDelete("/faults", context =>
        {
            state.Faults.Clear();
            return ApiResponses.WriteJsonAsync(context, 200, new { Cleared = true });
        });

        admin.MapPut("/config", context => WithJsonBody(context, body => PutConfigAsync(context, state, body)));
        admin.MapGet("/config", context => ApiResponses.WriteJsonAsync(context, 200, state.Config));
    }

    /// <summary>
    /// Stores a secret as given (Version 0). Type defaults to Opaque and Data to {}; Name, RelateApps, Jobs and
    /// CreateTime, when absent, are kept from the secret it replaces (a new one gets "secret-&lt;id&gt;", none, none, now).
    /// </summary>
    static Task PutSecretAsync(HttpContext context, EmulatorState state, JsonElement body)
    {
        var namespaceId = OptionalString(body, "NamespaceId");
        if (string.IsNullOrEmpty(namespaceId) || !TryReadLong(body, "SecretId", out var secretId))
        {
            return BadRequest(context, "NamespaceId (string) and SecretId (64-bit integer, number or string) are required.");
        }
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty("Data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null)
        {
            if (dataElement.ValueKind != JsonValueKind.Object || dataElement.EnumerateObject().Any(m => m.Value.ValueKind != JsonValueKind.String))
            {
                return BadRequest(context, "Data must be an object whose values are base64 strings.");
            }
            foreach (var member in dataElement.EnumerateObject())
            {
                data[member.Name] = member.Value.GetString()!;
            }
        }
        var name = OptionalString(body, "Name");
        if (body.TryGetProperty("Name", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null && string.IsNullOrEmpty(name))
        {
            return BadRequest(context, "Name must be a non-empty string.");
        }
        if (!TryReadPairs(body, "RelateApps", "AppId", "AppName", out var apps)
            || !TryReadPairs(body, "Jobs", "JobId", "JobName", out var jobs))
        {
            return BadRequest(context, "RelateApps must be an array of {AppId, AppName} and Jobs an array of {JobId, JobName} (non-empty strings).");
        }
        if (!TryReadOptionalLong(body, "CreateTime", out var createTime) || !TryReadOptionalLong(body, "UpdateTime", out var updateTime))
        {
            return BadRequest(context, "CreateTime and UpdateTime must be epoch milliseconds (integers).");
        }
        var stored = state.Secrets.Put(new StoredSecret(namespaceId, secretId, OptionalString(body, "Type") ?? Seed.OpaqueType, data),
            name, apps?.Select(p => new RelatedApp(p.Id, p.Name)).ToList(), jobs?.Select(p => new RelatedJob(p.Id, p.Name)).ToList(),
            createTime, updateTime);
        return WriteSecretAsync(context, stored);
    }

    /// <summary>One secret (NamespaceId and SecretId), or every secret of the namespace as an array (SecretId absent).</summary>
    static Task GetSecretAsync(HttpContext context, EmulatorState state)
    {
        // Request.Query reads '+' as a space, which is what test tooling using form-style encoders expects here.
        var namespaceId = context.Request.Query["NamespaceId"].FirstOrDefault();
        var secretIdText = context.Request.Query["SecretId"].FirstOrDefault();
        if (!string.IsNullOrEmpty(namespaceId) && string.IsNullOrEmpty(secretIdText))
        {
            return ApiResponses.WriteJsonAsync(context, 200, state.Secrets.List(namespaceId).Select(SecretView));
        }
        if (!TryReadTarget(context, out namespaceId, out var secretId))
        {
            return BadRequest(context, "Query parameters NamespaceId and SecretId are required.");
        }
        var secret = state.Secrets.Get(namespaceId, secretId);
        return secret is null ? NoSecret(context, namespaceId, secretId) : WriteSecretAsync(context, secret);
    }

    /// <summary>Removes a secret whatever uses it (DeleteSecret would refuse).</summary>
    static Task RemoveSecretAsync(HttpContext context, EmulatorState state)
    {
        if (!TryReadTarget(context, out var namespaceId, out var secretId))
        {
            return BadRequest(context, "Query parameters NamespaceId and SecretId are required.");
        }
        return state.Secrets.Remove(namespaceId, secretId)
            ? ApiResponses.WriteJsonAsync(context, 200, new { Removed = true })
            : NoSecret(context, namespaceId, secretId);
    }

    /// <summary>POST {NamespaceId, SecretId, &lt;idName&gt;, &lt;nameName&gt;}: the app or job now uses the secret.</summary>
    static Task AttachAsync(HttpContext context, EmulatorState state, JsonElement body, string idName, string nameName,
        Func<string, long, string, string, StoredSecret?> attach)
    {
        var namespaceId = OptionalString(body, "NamespaceId");
        var id = OptionalString(body, idName);
        var name = OptionalString(body, nameName);
        if (string.IsNullOrEmpty(namespaceId) || !TryReadLong(body, "SecretId", out var secretId) || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
        {
            return BadRequest(context, $"NamespaceId, SecretId, {idName} and {nameName} are required.");
        }
        var secret = attach(namespaceId, secretId, id, name);
        return secret is null ? NoSecret(context, namespaceId, secretId) : WriteSecretAsync(context, secret);
    }

    /// <summary>DELETE ?NamespaceId=&amp;SecretId=[&amp;&lt;idName&gt;=]: detaches that app or job, or all of them.</summary>
    static Task DetachAsync(HttpContext context, EmulatorState state, string idName, Func<string, long, string?, StoredSecret?> detach)
    {
        if (!TryReadTarget(context, out var namespaceId, out var secretId))
        {
            return BadRequest(context, "Query parameters NamespaceId and SecretId are required.");
        }
        var id = context.Request.Query[idName].FirstOrDefault();
        var secret = detach(namespaceId, secretId, string.IsNullOrEmpty(id) ? null : id);
        return secret is null ? NoSecret(context, namespaceId, secretId) : WriteSecretAsync(context, secret);
    }

    /// <summary>
    /// Registers a namespace (replacing one with the same id). Only NamespaceId is required; the rest defaults as for a
    /// namespace implied by its secrets: RegionId and NameSpaceShortId from the id, NamespaceName the short id (the id
    /// for a default namespace), Custom when the id has a ':', empty VPC, vSwitch and security group.
    /// </summary>
    static Task PutNamespaceAsync(HttpContext context, EmulatorState state, JsonElement body)
    {
        var namespaceId = OptionalString(body, "NamespaceId");
        if (string.IsNullOrEmpty(namespaceId))
        {
            return BadRequest(context, "NamespaceId is required.");
        }
        var implied = StoredNamespace.Implied(namespaceId);
        bool? custom = body.TryGetProperty("Custom", out var customElement) ? customElement.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : implied.Custom;
        if (custom is null)
        {
            return BadRequest(context, "Custom must be true or false.");
        }
        var ns = new StoredNamespace(
            namespaceId,
            OptionalString(body, "NamespaceName") ?? implied.NamespaceName,
            OptionalString(body, "RegionId") ?? implied.RegionId,
            OptionalString(body, "NameSpaceShortId") ?? implied.NameSpaceShortId,
            OptionalString(body, "VpcId") ?? implied.VpcId,
            OptionalString(body, "VSwitchId") ?? implied.VSwitchId,
            OptionalString(body, "SecurityGroupId") ?? implied.SecurityGroupId,
            custom.Value);
        state.Namespaces.Put(ns);
        return ApiResponses.WriteJsonAsync(context, 200, ns);
    }

    static Task WriteSecretAsync(HttpContext context, StoredSecret secret) =>
        ApiResponses.WriteJsonAsync(context, 200, SecretView(secret));

    static object SecretView(StoredSecret secret) => new
    {
        secret.NamespaceId,
        SecretId = secret.SecretId.ToString(CultureInfo.InvariantCulture),
        secret.Type,
        secret.Data,
        secret.Version,
        secret.Name,
        secret.CreateTime,
        secret.UpdateTime,
        secret.RelateApps,
        secret.Jobs,
    };

    static Task NoSecret(HttpContext context, string namespaceId, long secretId) =>
        ApiResponses.WriteAdminErrorAsync(context, 404, $"No secret {namespaceId}/{secretId}.");

    static bool TryReadTarget(HttpContext context, out string namespaceId, out long secretId)
    {
        namespaceId = context.Request.Query["NamespaceId"].FirstOrDefault() ?? "";
        secretId = 0;
        return namespaceId.Length > 0 && SaeApi.TryParseSecretId(context.Request.Query["SecretId"].FirstOrDefault(), out secretId);
    }

    /// <summary>An optional array of {idName, nameName} objects; null when absent or null.</summary>
    static bool TryReadPairs(JsonElement body, string member, string idName, string nameName, out List<(string Id, string Name)>? pairs)
    {
        pairs = null;
        if (!body.TryGetProperty(member, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        pairs = [];
        foreach (var item in element.EnumerateArray())
        {
            var id = item.ValueKind == JsonValueKind.Object ? OptionalString(item, idName) : null;
            var name = item.ValueKind == JsonValueKind.Object ? OptionalString(item, nameName) : null;
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
            {
                return false;
            }
            pairs.Add((id, name));
        }
        return true;
    }

    /// <summary>
    /// Adds or changes a long-term key. AccessKeySecret is required for a new key; without it an existing key keeps its
    /// secret and only Denied or its identity change. Denied: RAM refuses the key on SAE (absent: false for a key given
    /// a secret, else unchanged). IdentityType ("Account": the account's root key, or "RAMUser"), UserName and UserId:
    /// who GetCallerIdentity says the caller is (absent: unchanged; a new key is user "user-&lt;id&gt;").
    /// </summary>
    static Task PutKeyAsync(HttpContext context, EmulatorState state, JsonElement body)
    {
        var id = OptionalString(body, "AccessKeyId");
        if (string.IsNullOrEmpty(id))
        {
            return BadRequest(context, "AccessKeyId is required.");
        }
        var existing = state.Keys.Find(id);
        var secret = OptionalString(body, "AccessKeySecret");
        var secretGiven = !string.IsNullOrEmpty(secret);
        if (string.IsNullOrEmpty(secret))
        {
            if (existing is null)
            {
                return BadRequest(context, "AccessKeySecret is required for a new key.");
            }
            if (existing.IsTemporary)
            {
                return BadRequest(context, "An STS key cannot be changed: its identity is the role session it was issued for.");
            }
            secret = existing.Secret;
        }
        bool denied;
        if (body.TryGetProperty("Denied", out var deniedElement) && deniedElement.ValueKind != JsonValueKind.Null)
        {
            if (deniedElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return BadRequest(context, "Denied must be true or false.");
            }
            denied = deniedElement.ValueKind == JsonValueKind.True;
        }
        else
        {
            denied = !secretGiven && existing!.Denied;
        }

        var identity = existing is { IsTemporary: false } ? existing.Identity : null;
        var identityType = OptionalString(body, "IdentityType");
        var userName = OptionalString(body, "UserName");
        var userId = OptionalString(body, "UserId");
        if (identityType is not null || userName is not null || userId is not null)
        {
            if (identityType is not null && string.Equals(identityType, CallerIdentity.Account, StringComparison.OrdinalIgnoreCase))
            {
                if (userName is not null || userId is not null)
                {
                    return BadRequest(context, "UserName and UserId apply to a RAMUser key only.");
                }
                identity = CallerIdentity.Root(Seed.AccountId);
            }
            else if (identityType is null || string.Equals(identityType, CallerIdentity.RamUser, StringComparison.OrdinalIgnoreCase))
            {
                if (userName is "" || userId is "" || userName?.Contains('/') == true)
                {
                    return BadRequest(context, "UserName and UserId must be non-empty; UserName has no '/'.");
                }
                identity = CallerIdentity.User(Seed.AccountId, userId ?? CallerIdentity.DerivedUserId(id), userName ?? "user-" + id);
            }
            else
            {
                return BadRequest(context, "IdentityType must be Account or RAMUser (STS keys are AssumedRoleUser by themselves).");
            }
        }
        var key = new AccessKey(id, secret, denied, SecurityToken: null, Expiration: null, identity);
        state.Keys.Add(key);
        return ApiResponses.WriteJsonAsync(context, 200, KeyView(key));
    }

    /// <summary>One key (AccessKeyId given; 404 when unknown) or every key; never a secret or a token.</summary>
    static Task GetKeysAsync(HttpContext context, EmulatorState state)
    {
        var id = context.Request.Query["AccessKeyId"].FirstOrDefault();
        if (string.IsNullOrEmpty(id))
        {
            return ApiResponses.WriteJsonAsync(context, 200, state.Keys.All().Select(KeyView));
        }
        return state.Keys.Find(id) is { } key
            ? ApiResponses.WriteJsonAsync(context, 200, KeyView(key))
            : ApiResponses.WriteAdminErrorAsync(context, 404, $"No key {id}.");
    }

    static object KeyView(AccessKey key) => new
    {
        AccessKeyId = key.Id,
        key.Denied,
        Temporary = key.IsTemporary,
        Expiration = key.IsTemporary ? key.ExpirationText : null,
        Identity = key.CallerIdentity,
    };

    /// <summary>Registers an application (replacing one with the same AppId): AppId, AppName and NamespaceId are required.</summary>
    static Task PutAppAsync(HttpContext context, EmulatorState state, JsonElement body)
    {
        var appId = OptionalString(body, "AppId");
        var appName = OptionalString(body, "AppName");
        var namespaceId = OptionalString(body, "NamespaceId");
        if (string.IsNullOrEmpty(appId) || string.IsNullOrEmpty(appName) || string.IsNullOrEmpty(namespaceId))
        {
            return BadRequest(context, "AppId, AppName and NamespaceId are required (non-empty strings).");
        }
        var app = new StoredApp(appId, appName, namespaceId);
        state.Apps.Put(app);
        return ApiResponses.WriteJsonAsync(context, 200, AppView(state, app));
    }

    static object AppView(EmulatorState state, StoredApp app) => new
    {
        app.AppId,
        app.AppName,
        app.NamespaceId,
        app.RegionId,
        // False: known only because a secret names it in RelateApps.
        Registered = state.Apps.IsRegistered(app.AppId),
    };

    /// <summary>
    /// Sets the change-order course of one application (AppId) or the default for all (AppId absent or null):
    /// Course (required), Polls (>= 1, default 1), Batches (1..50, default 2; 2 or more for WaitForConfirmation),
    /// Message (the ErrorMessage of FailAfter and NeedsRollback), FailStatus (FailAfter only: 3, 6 or 10, default 3).
    /// </summary>
    static Task PutCourseAsync(HttpContext context, EmulatorState state, JsonElement body)
    {
        string? appId = null;
        if (body.TryGetProperty("AppId", out var appElement) && appElement.ValueKind != JsonValueKind.Null)
        {
            appId = OptionalString(body, "AppId");
            if (string.IsNullOrEmpty(appId))
            {
                return BadRequest(context, "AppId must be a non-empty string (absent or null: the default course).");
            }
        }
        var course = ChangeOrderCourse.Courses.FirstOrDefault(c => string.Equals(c, OptionalString(body, "Course"), StringComparison.OrdinalIgnoreCase));
        if (course is null)
        {
            return BadRequest(context, "Course must be one of: " + string.Join(", ", ChangeOrderCourse.Courses) + ".");
        }
        if (!TryReadOptionalInt(body, "Polls", out var polls) || polls < 1)
        {
            return BadRequest(context, "Polls must be an integer >= 1.");
        }
        if (!TryReadOptionalInt(body, "Batches", out var batches) || batches is < 1 or > ChangeOrderCourse.MaxBatches)
        {
            return BadRequest(context, $"Batches must be an integer from 1 to {ChangeOrderCourse.MaxBatches}.");
        }
        if (course == ChangeOrderCourse.WaitForConfirmation && batches is < 2)
        {
            return BadRequest(context, "WaitForConfirmation needs Batches >= 2: it waits between two batches.");
        }
        if (!TryReadOptionalInt(body, "FailStatus", out var failStatus)
            || failStatus is { } status && !ChangeOrderStatus.FailureStatuses.Contains(status))
        {
            return BadRequest(context, "FailStatus must be 3 (failed), 6 (terminated) or 10 (system failure).");
        }
        if (failStatus is not null && course != ChangeOrderCourse.FailAfter)
        {
            return BadRequest(context, "FailStatus applies to the FailAfter course only.");
        }
        if (body.TryGetProperty("Message", out var messageElement) && messageElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return BadRequest(context, "Message must be a string.");
        }
        var message = OptionalString(body, "Message");
        var set = new ChangeOrderCourse(course, polls ?? 1, batches ?? ChangeOrderCourse.DefaultBatches,
            string.IsNullOrEmpty(message) ? null : message, failStatus ?? ChangeOrderStatus.Failed);
        state.ChangeOrders.SetCourse(appId, set);
        return ApiResponses.WriteJsonAsync(context, 200, CourseView(appId, set));
    }

    static Task WriteCoursesAsync(HttpContext context, EmulatorState state)
    {
        var (defaultCourse, apps) = state.ChangeOrders.Courses();
        return ApiResponses.WriteJsonAsync(context, 200, new
        {
            Default = CourseView(null, defaultCourse),
            // A list, not a map keyed by AppId: ids differing only in case would trouble PowerShell's JSON reader.
            Apps = apps.Select(pair => CourseView(pair.Key, pair.Value)),
        });
    }

    static object CourseView(string? appId, ChangeOrderCourse course) => new
    {
        AppId = appId,
        course.Course,
        course.Polls,
        course.Batches,
        course.Message,
        course.FailStatus,
    };

    /// <summary>DescribeChangeOrder's Data (as of the last answered poll, without polling) plus what only tests see.</summary>
    static Dictionary<string, object?> ChangeOrderView(ChangeOrder order)
    {
        var view = SaeApi.ChangeOrderData(order);
        view["NamespaceId"] = order.App.NamespaceId;
        view["RegionId"] = order.App.RegionId;
        view["Polls"] = order.Polls;
        view["Ended"] = order.Ended;
        // The course the order was created with (the app's or the default at that time).
        view["Course"] = new { order.Course.Course, order.Course.Polls, order.Course.Batches, order.Course.Message, order.Course.FailStatus };
        view["MinReadyInstances"] = order.MinReadyInstances;
        view["MinReadyInstanceRatio"] = order.MinReadyInstanceRatio;
        view["AutoEnableApplicationScalingRule"] = order.AutoEnableApplicationScalingRule;
        return view;
    }

    static Task AddFaultAsync(HttpContext context, EmulatorState state, JsonElement body)
    {
        var kind = Fault.Kinds.FirstOrDefault(k => string.Equals(k, OptionalString(body, "Kind"), StringComparison.OrdinalIgnoreCase));
        if (kind is null)
        {
            return BadRequest(context, "Kind must be one of: " + string.Join(", ", Fault.Kinds) + ".");
        }
        string? action = null;
        if (body.TryGetProperty("Action", out var actionElement) && actionElement.ValueKind != JsonValueKind.Null)
        {
            action = SaeApi.ActionNames.FirstOrDefault(a => a == OptionalString(body, "Action"));
            if (action is null)
            {
                return BadRequest(context, "Action must be one of: " + string.Join(", ", SaeApi.ActionNames) + ".");
            }
        }
        long? secretId = null;
        if (body.TryGetProperty("SecretId", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            if (!TryReadLong(body, "SecretId", out var id))
            {
                return BadRequest(context, "SecretId must be a 64-bit integer.");
            }
            secretId = id;
        }
        if (!TryReadOptionalInt(body, "Count", out var count) || count is 0 or < Fault.Unlimited
            || !TryReadOptionalInt(body, "Status", out var status) || status is < 100 or > 599
            || !TryReadOptionalInt(body, "RetryAfterMs", out var retryAfter) || retryAfter < 0
            || !TryReadOptionalInt(body, "DelayMs", out var delay) || delay < 0)
        {
            return BadRequest(context, "Count (>=1 or -1), Status (100..599), RetryAfterMs and DelayMs (>=0) must be integers.");
        }
        var code = OptionalString(body, "Code");
        if (kind == "status" && status is < 500 && string.IsNullOrEmpty(code))
        {
            return BadRequest(context, "A status fault below 500 needs a Code.");
        }
        state.Faults.Add(new Fault
        {
            Kind = kind,
            Action = action,
            NamespaceId = OptionalString(body, "NamespaceId"),
            SecretId = secretId,
            Status = status,
            Code = string.IsNullOrEmpty(code) ? null : code,
            RetryAfterMs = retryAfter,
            DelayMs = delay,
            Remaining = count ?? 1,
        });
        return ApiResponses.WriteJsonAsync(context, 200, new { Added = kind });
    }

    static Task PutConfigAsync(HttpContext context, EmulatorState state, JsonElement body)
    {
        var config = state.Config;
        if (body.TryGetProperty("CredentialLifetimeSeconds", out var lifetime))
        {
            if (lifetime.ValueKind == JsonValueKind.Null)
            {
                config = config with { CredentialLifetimeSeconds = Seed.DefaultCredentialLifetimeSeconds, CredentialLifetimeIsExplicit = false };
            }
            else if (lifetime.ValueKind == JsonValueKind.Number && lifetime.TryGetInt32(out var seconds) && seconds > 0)
            {
                config = config with { CredentialLifetimeSeconds = seconds, CredentialLifetimeIsExplicit = true };
            }
            else
            {
                return BadRequest(context, "CredentialLifetimeSeconds must be a positive integer.");
            }
        }
        if (body.TryGetProperty("MetadataMode", out _))
        {
            var mode = MetadataModes.All.FirstOrDefault(m => string.Equals(m, OptionalString(body, "MetadataMode"), StringComparison.OrdinalIgnoreCase));
            if (mode is null)
            {
                return BadRequest(context, "MetadataMode must be v2, v1only or v2required.");
            }
            config = config with { MetadataMode = mode };
        }
        if (body.TryGetProperty("EcsRoleName", out var role))
        {
            if (role.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return BadRequest(context, "EcsRoleName must be a string (empty: no role attached).");
            }
            config = config with { EcsRoleName = role.GetString() };
        }
        if (body.TryGetProperty("CredentialsUriStatus", out _))
        {
            if (!TryReadOptionalInt(body, "CredentialsUriStatus", out var status) || status is null or < 100 or > 599)
            {
                return BadRequest(context, "CredentialsUriStatus must be an HTTP status code.");
            }
            config = config with { CredentialsUriStatus = status.Value };
        }
        if (body.TryGetProperty("SecretDataLocation", out _))
        {
            var location = SecretDataLocations.All.FirstOrDefault(l => string.Equals(l, OptionalString(body, "SecretDataLocation"), StringComparison.OrdinalIgnoreCase));
            if (location is null)
            {
                return BadRequest(context, "SecretDataLocation must be Either, Query or Body.");
            }
            config = config with { SecretDataLocation = location };
        }
        if (body.TryGetProperty("SecretQuotaPerNamespace", out var secretQuota))
        {
            if (secretQuota.ValueKind == JsonValueKind.Null)
            {
                config = config with { SecretQuotaPerNamespace = EmulatorConfig.DefaultSecretQuotaPerNamespace };
            }
            else if (secretQuota.ValueKind == JsonValueKind.Number && secretQuota.TryGetInt32(out var quota) && quota >= 0)
            {
                config = config with { SecretQuotaPerNamespace = quota };
            }
            else
            {
                return BadRequest(context, "SecretQuotaPerNamespace must be an integer >= 0 (null: the default, 50).");
            }
        }
        if (body.TryGetProperty("SecretDataKeyQuota", out var keyQuota))
        {
            if (keyQuota.ValueKind == JsonValueKind.Null)
            {
                config = config with { SecretDataKeyQuota = EmulatorConfig.DefaultSecretDataKeyQuota };
            }
            else if (keyQuota.ValueKind == JsonValueKind.Number && keyQuota.TryGetInt32(out var quota) && quota >= 1)
            {
                config = config with { SecretDataKeyQuota = quota };
            }
            else
            {
                return BadRequest(context, "SecretDataKeyQuota must be an integer >= 1 (null: the default, 64).");
            }
        }
        state.UpdateConfig(config);
        return ApiResponses.WriteJsonAsync(context, 200, config);
    }

    /// <summary>Streams the log so 50,000 entries never sit in one buffer.</summary>
    static async Task WriteRequestLogAsync(HttpContext context, EmulatorState state)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = ApiResponses.JsonContentType;
        using var json = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Encoder = ApiResponses.JsonOptions.Encoder });
        json.WriteStartArray();
        var written = 0;
        foreach (var entry in state.Requests.Snapshot())
        {
            entry.WriteTo(json);
            if (++written % 500 == 0)
            {
                json.Flush();
                await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            }
        }
        json.WriteEndArray();
        json.Flush();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    static async Task WithJsonBody(HttpContext context, Func<JsonElement, Task> handle)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await BadRequest(context, "The body must be a JSON object.");
            return;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                await BadRequest(context, "The body must be a JSON object.");
                return;
            }
            await handle(document.RootElement);
        }
    }

    static string? OptionalString(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static bool TryReadLong(JsonElement body, string name, out long value)
    {
        value = 0;
        if (!body.TryGetProperty(name, out var element))
        {
            return false;
        }
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => SaeApi.TryParseSecretId(element.GetString(), out value),
            _ => false,
        };
    }

    /// <summary>False only when the member is present but not a 64-bit integer; absent or null gives null.</summary>
    static bool TryReadOptionalLong(JsonElement body, string name, out long? value)
    {
        value = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            value = number;
            return true;
        }
        return false;
    }

    /// <summary>False only when the member is present but not an integer; absent or null gives null.</summary>
    static bool TryReadOptionalInt(JsonElement body, string name, out int? value)
    {
        value = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number))
        {
            value = number;
            return true;
        }
        return false;
    }

    static Task BadRequest(HttpContext context, string message) => ApiResponses.WriteAdminErrorAsync(context, 400, message);
}
