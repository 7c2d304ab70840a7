using System.Text.Json.Serialization;

namespace ZlmHooks.RecentActivity;

/// <summary><c>GET /api/activity</c>: newest first.</summary>
public sealed record ActivityList([property: JsonPropertyName("entries")] IReadOnlyList<ActivityEntry> Entries);
