using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>One stream as its server has it now (getMediaList), its schemas folded together.</summary>
public sealed record LiveMedia(
    [property: JsonPropertyName("vhost")] string Vhost,
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("stream")] string Stream,
    [property: JsonPropertyName("schemas")] IReadOnlyList<string> Schemas,
    [property: JsonPropertyName("readers")] long Readers,
    [property: JsonPropertyName("aliveSeconds")] long? AliveSeconds,
    [property: JsonPropertyName("bytesSpeed")] long? BytesSpeed);
