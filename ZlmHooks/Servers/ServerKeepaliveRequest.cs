using System.Text.Json;
using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>on_server_keepalive: every <c>hook.alive_interval</c> seconds, with object counters.</summary>
public sealed record ServerKeepaliveRequest : HookRequest
{
    /// <summary>Live object counts by class (Socket, MediaSource, ...).</summary>
    [JsonPropertyName("data")] public Dictionary<string, JsonElement>? Data { get; set; }
}
