using System.Text.Json.Serialization;

namespace ZlmHooks.Recordings;

/// <summary>The answer of <c>GET /api/recordings</c> and <c>recordings list</c>.</summary>
public sealed record RecordingList([property: JsonPropertyName("recordings")] IReadOnlyList<Recording> Recordings);
