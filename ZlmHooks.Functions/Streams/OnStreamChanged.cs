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

/// <summary>One audio or video track of a stream with its codec and running statistics.</summary>
public sealed record TrackInfo
{
    [JsonPropertyName("codec_id")] public int? CodecId { get; init; }
    [JsonPropertyName("codec_id_name")] public string? CodecIdName { get; init; }

    /// <summary>0 video, 1 audio.</summary>
    [JsonPropertyName("codec_type")] public int? CodecType { get; init; }
    [JsonPropertyName("ready")] public bool? Ready { get; init; }
    [JsonPropertyName("channels")] public int? Channels { get; init; }
    [JsonPropertyName("sample_bit")] public int? SampleBit { get; init; }
    [JsonPropertyName("sample_rate")] public int? SampleRate { get; init; }
    [JsonPropertyName("width")] public int? Width { get; init; }
    [JsonPropertyName("height")] public int? Height { get; init; }
    [JsonPropertyName("fps")] public double? Fps { get; init; }
    [JsonPropertyName("frames")] public long? Frames { get; init; }
    [JsonPropertyName("key_frames")] public long? KeyFrames { get; init; }
    [JsonPropertyName("gop_size")] public long? GopSize { get; init; }
    [JsonPropertyName("gop_interval_ms")] public long? GopIntervalMs { get; init; }
    [JsonPropertyName("duration")] public long? Duration { get; init; }
    [JsonPropertyName("loss")] public double? Loss { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
