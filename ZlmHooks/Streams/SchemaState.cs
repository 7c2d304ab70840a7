using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>One schema's last known state: registered or not, since when (ZlmHooks' first arrival time
/// of that notification), and the stream instance (createStamp) it belongs to.</summary>
public sealed record SchemaState(
    [property: JsonPropertyName("on")] bool On,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("stamp")] long? Stamp);
