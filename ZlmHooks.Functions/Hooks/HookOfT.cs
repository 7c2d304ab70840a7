using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace ZlmHooks.Hooks;

/// <summary>A hook with its typed body and reply (source-generated JSON), and what it answers when no
/// feature handler is registered for it (<see cref="Fallback"/>: storage not configured, say).</summary>
public sealed class Hook<TRequest, TReply> : Hook
    where TRequest : HookRequest
    where TReply : HookReply
{
    private readonly JsonTypeInfo<TRequest> _request;

    public Hook(string name, HookKind kind, JsonTypeInfo<TRequest> request, JsonTypeInfo<TReply> reply) : base(name, kind)
    {
        _request = request;
        ReplyJson = reply;
    }

    internal JsonTypeInfo<TReply> ReplyJson { get; }

    /// <summary>The answer when nothing decides: auth hooks refuse (unless development mode explicitly
    /// allows), policy hooks give ZLMediaKit's own defaults, notifications are acknowledged.</summary>
    public required Func<TRequest, ZlmHooksOptions, TReply> Fallback { get; init; }

    /// <summary>The CloudEvent type of a call (docs/events.md); null: the hook publishes no event.</summary>
    public Func<TRequest, string>? Event { get; init; }

    public override Type RequestType => typeof(TRequest);
    public override Type ReplyType => typeof(TReply);

    public TRequest Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, _request) ?? throw new JsonException("expected a JSON object, got null");

    public override HookRequest ParseBody(ReadOnlySpan<byte> json) => Parse(json);

    public override JsonObject ToJson(HookRequest request) => JsonSerializer.SerializeToNode((TRequest)request, _request)!.AsObject();

    public override string? EventType(HookRequest request) => Event?.Invoke((TRequest)request);

    public override bool PublishesEvents => Event is not null;

    internal override RequestDelegate CreateEndpoint(IServiceProvider services) => new HookPipeline<TRequest, TReply>(this, services).InvokeAsync;
}
