using System.Text.Json.Serialization;

namespace ZlmHooks.AccessRules;

/// <summary>What a matching rule does with the client.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleEffect>))]
public enum RuleEffect
{
    Allow,
    Deny,

    /// <summary>Allow only a client that presents one of the rule's <see cref="AccessRule.Credentials"/>.</summary>
    Credential,
}

/// <summary>Ways a client can prove it may publish or play.</summary>
[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<CredentialKinds>))]
public enum CredentialKinds
{
    None = 0,

    /// <summary><c>token=...</c> in the URL, one of the static tokens (stored as SHA-256 digests).</summary>
    Token = 1,

    /// <summary><c>expires=...&amp;sign=...&amp;kid=...</c>: an HMAC-SHA256 signed, expiring URL.</summary>
    SignedUrl = 2,

    /// <summary>RTSP digest login in <see cref="AccessRule.Realm"/> (RTSP players only).</summary>
    RtspLogin = 4,
}

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

public static class RuleActions
{
    public const string Publish = "publish";
    public const string Play = "play";
    public const string Http = "http";

    /// <summary>Not access: what on_stream_none_reader answers for the streams a rule matches.</summary>
    public const string Idle = "idle";

    /// <summary>Not access: where on_stream_not_found pulls a missing stream from.</summary>
    public const string Pull = "pull";
}
