using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>The answer of <c>GET /api/streams</c> and <c>streams list</c>.</summary>
public sealed record StreamList([property: JsonPropertyName("streams")] IReadOnlyList<StreamEntry> Streams);
