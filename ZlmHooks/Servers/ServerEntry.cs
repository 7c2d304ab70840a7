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

    /// <summary>The address its on_server_started came from: where its ports are, unless a proxy is between.</summary>
    [JsonPropertyName("address")] public string? Address { get; init; }

    /// <summary>Its build, as its User-Agent names it (git hash, branch, build time).</summary>
    [JsonPropertyName("version")] public string? Version { get; init; }

    /// <summary>The part of its configuration an operator reads at a glance (<see cref="ServerSummary.Keys"/>):
    /// ports, protocols, record and hook settings; never a secret, URL or password.</summary>
    [JsonPropertyName("config")] public IReadOnlyDictionary<string, string>? Config { get; init; }
}
