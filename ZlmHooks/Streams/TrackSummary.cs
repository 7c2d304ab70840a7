using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>A track's codec and shape, without the running counters.</summary>
public sealed record TrackSummary(
    [property: JsonPropertyName("codec")] string? Codec,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("width")] int? Width,
    [property: JsonPropertyName("height")] int? Height,
    [property: JsonPropertyName("fps")] double? Fps,
    [property: JsonPropertyName("sampleRate")] int? SampleRate,
    [property: JsonPropertyName("channels")] int? Channels);
