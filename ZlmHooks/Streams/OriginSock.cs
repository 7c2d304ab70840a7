using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>The network peer a stream comes from (the pusher's or the puller's socket).</summary>
public sealed record OriginSock
{
    [JsonPropertyName("identifier")] public string? Identifier { get; set; }
    [JsonPropertyName("local_ip")] public string? LocalIp { get; set; }
    [JsonPropertyName("local_port")] public int? LocalPort { get; set; }
    [JsonPropertyName("peer_ip")] public string? PeerIp { get; set; }
    [JsonPropertyName("peer_port")] public int? PeerPort { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
