using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Hooks;

/// <summary>What every hook body carries: which server sent it, and its per-process call counter.</summary>
public abstract record HookRequest
{
    [JsonPropertyName("mediaServerId")] public string? MediaServerId { get; init; }

    /// <summary>Renumbered on every retry: never an idempotency key (see the hook contract).</summary>
    [JsonPropertyName("hook_index")] public long? HookIndex { get; init; }

    /// <summary>Fields this version of MediaServer sends that the types below do not name; kept for
    /// consumers that forward the whole payload (events, recording metadata).</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>A reason this body cannot be acted on, or null. Called after parsing.</summary>
    public virtual string? Validate() => null;

    protected static string? Require(string? value, string field) =>
        string.IsNullOrEmpty(value) ? $"missing required field '{field}'" : null;
}

/// <summary>A media stream's address as MediaServer names it: vhost/app/stream.</summary>
public interface IStreamAddress
{
    string? Vhost { get; }
    string? App { get; }
    string? Stream { get; }
}

/// <summary>A hook about one stream: vhost, app, stream, with the URL parameters and schema.</summary>
public abstract record StreamHookRequest : HookRequest, IStreamAddress
{
    public const string DefaultVhost = "__defaultVhost__";

    /// <summary>The vhost to file a stream under: MediaServer's <c>__defaultVhost__</c> when none is sent.</summary>
    public static string VhostOrDefault(string? vhost) => string.IsNullOrEmpty(vhost) ? DefaultVhost : vhost;

    [JsonPropertyName("vhost")] public string? Vhost { get; init; }
    [JsonPropertyName("app")] public string? App { get; init; }
    [JsonPropertyName("stream")] public string? Stream { get; init; }

    /// <summary>The media format: rtmp, rtsp, ts, fmp4, hls, hls.fmp4 (muxer in none_reader).</summary>
    [JsonPropertyName("schema")] public string? Schema { get; init; }

    /// <summary>The URL query string the client used; may carry a token, so never logged.</summary>
    [JsonPropertyName("params")] public string? Params { get; init; }

    public override string? Validate() => Require(App, "app") ?? Require(Stream, "stream");
}

/// <summary>A stream hook caused by one network client (a player or a pusher).</summary>
public abstract record ClientStreamHookRequest : StreamHookRequest
{
    /// <summary>The session id, e.g. "1-11" (a number in older MediaServer versions).</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("ip")] public string? Ip { get; init; }
    [JsonPropertyName("port")] public int? Port { get; init; }

    /// <summary>The transport the client used (rtmp, rtsp, http, ...); schema is the media format.</summary>
    [JsonPropertyName("protocol")] public string? Protocol { get; init; }
}
