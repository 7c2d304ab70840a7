using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>One audio or video track of a stream with its codec and running statistics.</summary>
public sealed record TrackInfo
{
    [JsonPropertyName("codec_id")] public int? CodecId { get; set; }
    [JsonPropertyName("codec_id_name")] public string? CodecIdName { get; set; }

    /// <summary>0 video, 1 audio.</summary>
    [JsonPropertyName("codec_type")] public int? CodecType { get; set; }
    [JsonPropertyName("ready")] public bool? Ready { get; set; }
    [JsonPropertyName("channels")] public int? Channels { get; set; }
    [JsonPropertyName("sample_bit")] public int? SampleBit { get; set; }
    [JsonPropertyName("sample_rate")] public int? SampleRate { get; set; }
    [JsonPropertyName("width")] public int? Width { get; set; }
    [JsonPropertyName("height")] public int? Height { get; set; }
    [JsonPropertyName("fps")] public double? Fps { get; set; }
    [JsonPropertyName("frames")] public long? Frames { get; set; }
    [JsonPropertyName("key_frames")] public long? KeyFrames { get; set; }
    [JsonPropertyName("gop_size")] public long? GopSize { get; set; }
    [JsonPropertyName("gop_interval_ms")] public long? GopIntervalMs { get; set; }
    [JsonPropertyName("duration")] public long? Duration { get; set; }
    [JsonPropertyName("loss")] public double? Loss { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
