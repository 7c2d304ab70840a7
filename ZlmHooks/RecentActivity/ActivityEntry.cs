using System.Text.Json.Serialization;

namespace ZlmHooks.RecentActivity;

/// <summary>One line of the operator's activity feed: a hook call worth a look (a refusal, a stream
/// registered, a recording, a server start), with who asked and which rule decided. Never params,
/// tokens, keys or passwords: only what the call's own log line carries.</summary>
public sealed record ActivityEntry
{
    [JsonPropertyName("at")] public required DateTimeOffset At { get; init; }
    [JsonPropertyName("hook")] public required string Hook { get; init; }

    /// <summary><c>allowed</c>, <c>refused</c> (an auth hook said no), <c>event</c> (a notification
    /// answered) or <c>failed</c> (answered as a failure: storage down, MediaServer retries).</summary>
    [JsonPropertyName("outcome")] public required string Outcome { get; init; }
    [JsonPropertyName("mediaServerId")] public string? MediaServerId { get; init; }
    [JsonPropertyName("vhost")] public string? Vhost { get; init; }
    [JsonPropertyName("app")] public string? App { get; init; }
    [JsonPropertyName("stream")] public string? Stream { get; init; }
    [JsonPropertyName("schema")] public string? Schema { get; init; }
    [JsonPropertyName("client")] public string? Client { get; init; }
    [JsonPropertyName("rule")] public string? Rule { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}
