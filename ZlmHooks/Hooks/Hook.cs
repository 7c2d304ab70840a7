using System.Text.Json.Nodes;

namespace ZlmHooks.Hooks;

/// <summary>One ZLMediaKit hook: its name (which is also its function name), its route, what kind
/// of answer it needs, the types of its body and reply, and what it becomes beyond its answer (an
/// event, an audit record). A feature defines its hooks (<see cref="Hook{TRequest, TReply}"/>) and adds
/// them to the <see cref="HookCatalog"/>; everything else is derived from that one list.</summary>
public abstract class Hook
{
    private protected Hook(string name, HookKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The config.ini key (<c>hook.on_play</c>) and the function's name.</summary>
    public string Name { get; }
    public HookKind Kind { get; }

    /// <summary>When MediaServer calls it, in an operator's words (the README table).</summary>
    public required string Summary { get; init; }

    /// <summary>The action an auth hook decides (publish, play), for decision audit events; null otherwise.</summary>
    public string? AuditAction { get; init; }

    /// <summary>Which calls the operator's activity feed keeps (<see cref="HookActivity"/>): by default a
    /// notification's every call and an auth hook's refusals.</summary>
    public HookActivity Activity
    {
        get => _activity ?? (Kind == HookKind.Auth ? HookActivity.Refusals : HookActivity.Every);
        init => _activity = value;
    }

    private readonly HookActivity? _activity;

    /// <summary>True when a body names one notification: two calls with the same body (hook_index
    /// aside) are one notification delivered twice, never two (a recording file: its path, start time
    /// and size). Its event id then comes from the body alone, so a retry that overtakes its slow first
    /// attempt, and that attempt arriving after it, share one id.</summary>
    public bool BodyNamesNotification { get; init; }

    /// <summary>The path ZLMediaKit's defaults and wiki use, without a leading slash.</summary>
    public string Route => "index/hook/" + Name;

    public abstract Type RequestType { get; }
    public abstract Type ReplyType { get; }

    /// <summary>Parses a body of this hook into its request type; throws <see cref="System.Text.Json.JsonException"/>.</summary>
    public abstract HookRequest ParseBody(ReadOnlySpan<byte> json);

    /// <summary>The request as JSON again, unknown fields included (for events and stored copies).</summary>
    public abstract JsonObject ToJson(HookRequest request);

    /// <summary>The CloudEvent type this call becomes, or null when it publishes none.</summary>
    public abstract string? EventType(HookRequest request);

    /// <summary>Whether this hook's calls become events at all.</summary>
    public abstract bool PublishesEvents { get; }

    internal abstract RequestDelegate CreateEndpoint(IServiceProvider services);

    public override string ToString() => Name;
}
