using System.Text.Json.Serialization;

namespace ZlmHooks.Servers;

/// <summary>One media server's health: when it started, last kept alive, exited, and the status
/// computed from those when read.</summary>
public sealed record ServerEntry
{
    [JsonPropertyName("mediaServerId")] public required string MediaServerId { get; init; }

    /// <summary><c>online</c>, <c>missing</c> (no keepalive for MissedKeepalives × alive_interval) or <c>exited</c>.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("startedAt")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("lastKeepalive")] public DateTimeOffset? LastKeepalive { get; init; }
    [JsonPropertyName("exitedAt")] public DateTimeOffset? ExitedAt { get; init; }
    [JsonPropertyName("aliveInterval")] public double AliveInterval { get; init; }

    /// <summary>SHA-256 of the server's configuration with secrets redacted: changes when its config does.</summary>
    [JsonPropertyName("configDigest")] public string? ConfigDigest { get; init; }
}
