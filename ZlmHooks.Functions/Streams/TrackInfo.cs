using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

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
