using System.Text.Json.Serialization;

namespace ZlmHooks.AccessRules;

/// <summary>
/// One access rule. It applies to an action (publish, play) or to HTTP paths, matches
/// vhost/app/stream exactly, by prefix (<c>cam*</c>) or any (<c>*</c>), may be limited to one
/// media server, schemas, protocols, client IP ranges and a validity window, and then allows,
/// denies or asks for a credential. docs/access-rules.md describes every field.
/// </summary>
public sealed record AccessRule
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("vhost")] public string Vhost { get; init; } = "*";
    [JsonPropertyName("app")] public string App { get; init; } = "*";
    [JsonPropertyName("stream")] public string Stream { get; init; } = "*";

    /// <summary>For <c>http</c> rules: the URL path prefix (<c>/live/</c>) or file the rule covers.</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }

    [JsonPropertyName("effect")] public RuleEffect Effect { get; init; } = RuleEffect.Deny;
    [JsonPropertyName("credentials")] public CredentialKinds Credentials { get; init; }
    [JsonPropertyName("realm")] public string? Realm { get; init; }

    [JsonPropertyName("mediaServerId")] public string? MediaServerId { get; init; }
    [JsonPropertyName("schemas")] public IReadOnlyList<string>? Schemas { get; init; }
    [JsonPropertyName("protocols")] public IReadOnlyList<string>? Protocols { get; init; }
    [JsonPropertyName("ipRanges")] public IReadOnlyList<string>? IpRanges { get; init; }
    [JsonPropertyName("notBefore")] public DateTimeOffset? NotBefore { get; init; }
    [JsonPropertyName("notAfter")] public DateTimeOffset? NotAfter { get; init; }

    /// <summary>on_publish protocol options answered when this rule admits a pusher.</summary>
    [JsonPropertyName("options")] public PublishReply? Options { get; init; }

    /// <summary>on_http_access: how long MediaServer may reuse the answer for the folder (seconds).</summary>
    [JsonPropertyName("cacheSeconds")] public int? CacheSeconds { get; init; }

    /// <summary><c>idle</c> rules: whether on_stream_none_reader closes the stream.</summary>
    [JsonPropertyName("close")] public bool? Close { get; init; }

    /// <summary><c>pull</c> rules: the source to pull when a player asks for a missing stream
    /// (<c>$vhost</c>, <c>$app</c>, <c>$stream</c> are replaced), and addStreamProxy options.</summary>
    [JsonPropertyName("sourceUrl")] public string? SourceUrl { get; init; }

    [JsonPropertyName("pullOptions")] public Dictionary<string, string>? PullOptions { get; init; }

    [JsonPropertyName("label")] public string? Label { get; init; }
}
