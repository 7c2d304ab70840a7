using System.Text.Json.Serialization;

namespace ZlmHooks.Servers;

/// <summary>The answer of <c>GET /api/servers</c> and <c>servers list</c>.</summary>
public sealed record ServerList([property: JsonPropertyName("servers")] IReadOnlyList<ServerEntry> Servers);
