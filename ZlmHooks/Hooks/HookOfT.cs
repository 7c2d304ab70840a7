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

    /// <summary>
    /// A notification loses nothing to a value its typed field cannot hold (a number no type holds,
    /// an object where a number belongs, a null in a list of tracks): that top-level field is set
    /// aside, the rest is read, and the value is kept as sent among the fields no type names
    /// (<see cref="HookRequest.Extra"/>), so the stored and published payload still carries it.
    /// An auth hook gets no such help: a field it cannot read is a refusal, never a guess.
    /// </summary>
    /// <param name="setAside">The fields set aside, for the log; empty when the body read as it was.</param>
    public TRequest ParseLenient(ReadOnlySpan<byte> json, out IReadOnlyList<string> setAside)
    {
        setAside = [];
        try
        {
            return Parse(json);
        }
        catch (JsonException first) when (Kind != HookKind.Auth && TopLevelField(first.Path) is not null)
        {
            if (ParseObject(json) is not { } body) throw;
            var moved = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            var error = first;
            // Each pass sets aside one field; a body has few typed fields, so this ends quickly.
            for (var pass = 0; pass < 32 && TopLevelField(error.Path) is { } field && body.ContainsKey(field); pass++)
            {
                moved[field] = body[field];
                body.Remove(field);
                try
                {
                    var request = body.Deserialize(_request) ?? throw new JsonException("expected a JSON object");
                    request.Extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var (name, value) in moved)
                        request.Extra[name] = JsonSerializer.SerializeToElement(value, HookJson.Default.JsonNode);
                    setAside = [.. moved.Keys];
                    return request;
                }
                catch (JsonException next)
                {
                    error = next;
                }
            }
            throw;
        }
    }

    private static JsonObject? ParseObject(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>"$.tracks[0].width" → "tracks", "$['api.secret']" → "api.secret"; null for the root.</summary>
    internal static string? TopLevelField(string? path)
    {
        if (path is null || !path.StartsWith('$') || path.Length < 3) return null;
        if (path.StartsWith("$['", StringComparison.Ordinal))
        {
            var end = path.IndexOf("']", 3, StringComparison.Ordinal);
            return end > 3 ? path[3..end] : null;
        }
        if (path[1] != '.') return null;
        var stop = path.IndexOfAny(['.', '['], 2);
        return stop < 0 ? path[2..] : stop > 2 ? path[2..stop] : null;
    }

    public override JsonObject ToJson(HookRequest request) => JsonSerializer.SerializeToNode((TRequest)request, _request)!.AsObject();

    public override string? EventType(HookRequest request) => Event?.Invoke((TRequest)request);

    public override bool PublishesEvents => Event is not null;

    internal override RequestDelegate CreateEndpoint(IServiceProvider services) => new HookPipeline<TRequest, TReply>(this, services).InvokeAsync;
}
