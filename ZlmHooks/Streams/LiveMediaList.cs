using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary><c>GET /api/streams/live</c>: what a server has now, or why that cannot be asked
/// (<see cref="Available"/> false and a <see cref="Note"/>; the registry's view still stands).</summary>
public sealed record LiveMediaList(
    [property: JsonPropertyName("mediaServerId")] string MediaServerId,
    [property: JsonPropertyName("available")] bool Available,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("streams")] IReadOnlyList<LiveMedia> Streams);
