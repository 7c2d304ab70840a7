using System.Text.Json.Serialization;

namespace ZlmHooks.Hooks;

/// <summary>A stream hook caused by one network client (a player or a pusher).</summary>
public abstract record ClientStreamHookRequest : StreamHookRequest
{
    /// <summary>The session id, e.g. "1-11" (a number in older MediaServer versions).</summary>
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("ip")] public string? Ip { get; set; }
    [JsonPropertyName("port")] public int? Port { get; set; }

    /// <summary>The transport the client used (rtmp, rtsp, http, ...); schema is the media format.</summary>
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
}
