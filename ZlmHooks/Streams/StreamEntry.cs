using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>One stream on one media server, as the registry knows it.</summary>
public sealed record StreamEntry
{
    [JsonPropertyName("mediaServerId")] public required string MediaServerId { get; init; }
    [JsonPropertyName("vhost")] public required string Vhost { get; init; }
    [JsonPropertyName("app")] public required string App { get; init; }
    [JsonPropertyName("stream")] public required string Stream { get; init; }
    [JsonPropertyName("online")] public bool Online { get; init; }

    /// <summary>The schemas registered now (rtsp, rtmp, ts, fmp4, hls, hls.fmp4).</summary>
    [JsonPropertyName("schemas")] public IReadOnlyList<string> Schemas { get; init; } = [];
    [JsonPropertyName("originType")] public int? OriginType { get; init; }
    [JsonPropertyName("originTypeStr")] public string? OriginTypeStr { get; init; }
    [JsonPropertyName("originUrl")] public string? OriginUrl { get; init; }
    /// <summary>Players of all schemas when it last registered a schema (MediaServer sends no hook per player).</summary>
    [JsonPropertyName("readers")] public long? Readers { get; init; }
    [JsonPropertyName("tracks")] public IReadOnlyList<TrackSummary>? Tracks { get; init; }

    /// <summary>When the current stream instance was created on the server (its createStamp).</summary>
    [JsonPropertyName("createdAt")] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("lastChange")] public DateTimeOffset? LastChange { get; init; }
    [JsonPropertyName("offlineAt")] public DateTimeOffset? OfflineAt { get; init; }
    [JsonPropertyName("offlineReason")] public string? OfflineReason { get; init; }
}
