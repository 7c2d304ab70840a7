using System.Text.Json.Serialization;

namespace ZlmHooks.Recordings;

/// <summary>One catalogued recording, as the list command and <c>GET /api/recordings</c> return it.</summary>
public sealed record Recording
{
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("mediaServerId")] public string? MediaServerId { get; init; }
    [JsonPropertyName("vhost")] public required string Vhost { get; init; }
    [JsonPropertyName("app")] public required string App { get; init; }
    [JsonPropertyName("stream")] public required string Stream { get; init; }
    [JsonPropertyName("day")] public required string Day { get; init; }
    [JsonPropertyName("fileName")] public string? FileName { get; init; }
    [JsonPropertyName("filePath")] public string? FilePath { get; init; }
    [JsonPropertyName("folder")] public string? Folder { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("startTime")] public long? StartTime { get; init; }
    [JsonPropertyName("startTimeUtc")] public string? StartTimeUtc { get; init; }
    [JsonPropertyName("timeLen")] public double? TimeLen { get; init; }
    [JsonPropertyName("fileSize")] public long? FileSize { get; init; }

    /// <summary>Where the entry is: <c>container/blob</c>.</summary>
    [JsonPropertyName("blob")] public required string Blob { get; init; }

    /// <summary><c>catalog</c> (an entry blob holding the hook's JSON) or <c>in-place</c> (the recording blob itself).</summary>
    [JsonPropertyName("placement")] public required string Placement { get; init; }

    [JsonPropertyName("playbackUrl")] public string? PlaybackUrl { get; init; }
}
