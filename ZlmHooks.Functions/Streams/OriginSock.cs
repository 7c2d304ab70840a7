using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>The network peer a stream comes from (the pusher's or the puller's socket).</summary>
public sealed record OriginSock
{
    [JsonPropertyName("identifier")] public string? Identifier { get; init; }
    [JsonPropertyName("local_ip")] public string? LocalIp { get; init; }
    [JsonPropertyName("local_port")] public int? LocalPort { get; init; }
    [JsonPropertyName("peer_ip")] public string? PeerIp { get; init; }
    [JsonPropertyName("peer_port")] public int? PeerPort { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
