using System.Text.Json;
using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>
/// on_stream_changed: a stream registered (<c>regist</c> true) or unregistered in one schema.
/// Sent once per schema; unregister bodies carry only the address, schema and params.
/// </summary>
public sealed record StreamChangedRequest : StreamHookRequest
{
    [JsonPropertyName("regist")] public bool? Regist { get; init; }
    [JsonPropertyName("aliveSecond")] public long? AliveSecond { get; init; }
    [JsonPropertyName("bytesSpeed")] public long? BytesSpeed { get; init; }
    [JsonPropertyName("createStamp")] public long? CreateStamp { get; init; }
    [JsonPropertyName("currentStamp")] public long? CurrentStamp { get; init; }
    [JsonPropertyName("originType")] public int? OriginType { get; init; }
    [JsonPropertyName("originTypeStr")] public string? OriginTypeStr { get; init; }
    [JsonPropertyName("originUrl")] public string? OriginUrl { get; init; }
    [JsonPropertyName("originSock")] public OriginSock? OriginSock { get; init; }
    [JsonPropertyName("readerCount")] public long? ReaderCount { get; init; }
    [JsonPropertyName("totalReaderCount")] public long? TotalReaderCount { get; init; }
    [JsonPropertyName("totalBytes")] public long? TotalBytes { get; init; }
    [JsonPropertyName("isRecordingMP4")] public bool? IsRecordingMp4 { get; init; }
    [JsonPropertyName("isRecordingHLS")] public bool? IsRecordingHls { get; init; }
    [JsonPropertyName("tracks")] public IReadOnlyList<TrackInfo>? Tracks { get; init; }

    public override string? Validate() =>
        base.Validate() ?? Require(Schema, "schema") ?? (Regist is null ? "missing required field 'regist'" : null);
}
