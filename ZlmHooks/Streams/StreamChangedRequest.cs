using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>
/// on_stream_changed: a stream registered (<c>regist</c> true) or unregistered in one schema.
/// Sent once per schema; unregister bodies carry only the address, schema and params.
/// </summary>
public sealed record StreamChangedRequest : StreamHookRequest
{
    [JsonPropertyName("regist")] public bool? Regist { get; set; }
    [JsonPropertyName("aliveSecond")] public long? AliveSecond { get; set; }
    [JsonPropertyName("bytesSpeed")] public long? BytesSpeed { get; set; }
    [JsonPropertyName("createStamp")] public long? CreateStamp { get; set; }
    [JsonPropertyName("currentStamp")] public long? CurrentStamp { get; set; }
    [JsonPropertyName("originType")] public int? OriginType { get; set; }
    [JsonPropertyName("originTypeStr")] public string? OriginTypeStr { get; set; }
    [JsonPropertyName("originUrl")] public string? OriginUrl { get; set; }
    [JsonPropertyName("originSock")] public OriginSock? OriginSock { get; set; }
    [JsonPropertyName("readerCount")] public long? ReaderCount { get; set; }
    [JsonPropertyName("totalReaderCount")] public long? TotalReaderCount { get; set; }
    [JsonPropertyName("totalBytes")] public long? TotalBytes { get; set; }
    [JsonPropertyName("isRecordingMP4")] public bool? IsRecordingMp4 { get; set; }
    [JsonPropertyName("isRecordingHLS")] public bool? IsRecordingHls { get; set; }
    [JsonPropertyName("tracks")] public IReadOnlyList<TrackInfo>? Tracks { get; set; }

    public override string? Validate() =>
        base.Validate() ?? Require(Schema, "schema") ?? (Regist is null ? "missing required field 'regist'" : null);
}
