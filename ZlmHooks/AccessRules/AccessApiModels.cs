using System.Text.Json.Serialization;

namespace ZlmHooks.AccessRules;

/// <summary>The access rules' admin API bodies and answers (docs/admin-api.md): internal, one file, since
/// nothing but <see cref="AccessRulesApi"/> reads or writes them.</summary>
internal sealed record RuleList([property: JsonPropertyName("rules")] List<AccessRule> Rules);

/// <summary>A play, publish or file request to decide as the hooks would, without counting a limited
/// token's use.</summary>
internal sealed record DecideRequest(
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("vhost")] string? Vhost,
    [property: JsonPropertyName("app")] string? App,
    [property: JsonPropertyName("stream")] string? Stream,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("ip")] string? Ip,
    [property: JsonPropertyName("params")] string? Params,
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("protocol")] string? Protocol,
    [property: JsonPropertyName("mediaServerId")] string? MediaServerId);

internal sealed record DecideReply(
    [property: JsonPropertyName("allowed")] bool Allowed,
    [property: JsonPropertyName("ruleId")] string? RuleId,
    [property: JsonPropertyName("reason")] string Reason);

internal sealed record TokenRequest(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("vhost")] string? Vhost,
    [property: JsonPropertyName("app")] string? App,
    [property: JsonPropertyName("stream")] string? Stream,
    [property: JsonPropertyName("expiresInDays")] double? ExpiresInDays,
    [property: JsonPropertyName("uses")] int? Uses,
    [property: JsonPropertyName("perIp")] bool PerIp);

/// <summary>A new token: the only time it is shown.</summary>
internal sealed record TokenCreated([property: JsonPropertyName("token")] string Token, [property: JsonPropertyName("label")] string Label);

/// <summary>A token as listed: its scope and use, never the token, its digest or its addresses.</summary>
internal sealed record TokenInfo(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("vhost")] string Vhost,
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("stream")] string Stream,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("uses")] int? Uses,
    [property: JsonPropertyName("used")] int Used,
    [property: JsonPropertyName("perIp")] bool PerIp);

internal sealed record TokenList([property: JsonPropertyName("tokens")] List<TokenInfo> Tokens);

internal sealed record PasswordBody([property: JsonPropertyName("password")] string? Password);

internal sealed record RtspUserInfo([property: JsonPropertyName("realm")] string Realm, [property: JsonPropertyName("user")] string User);

internal sealed record RtspUserList([property: JsonPropertyName("users")] List<RtspUserInfo> Users);

internal sealed record ShellUserList([property: JsonPropertyName("users")] List<string> Users);

internal sealed record Removed([property: JsonPropertyName("removed")] int Count);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuleList))]
[JsonSerializable(typeof(AccessRule))]
[JsonSerializable(typeof(DecideRequest))]
[JsonSerializable(typeof(DecideReply))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenCreated))]
[JsonSerializable(typeof(TokenList))]
[JsonSerializable(typeof(PasswordBody))]
[JsonSerializable(typeof(RtspUserList))]
[JsonSerializable(typeof(ShellUserList))]
[JsonSerializable(typeof(Removed))]
internal sealed partial class AccessApiJson : JsonSerializerContext
{
    /// <summary>Reasons read as written ("rule 'viewers'", not "\u0027viewers\u0027"; still valid JSON, as
    /// the hooks' replies), and a key given twice refused rather than read one of two ways.</summary>
    public static AccessApiJson Api { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowDuplicateProperties = false,
    });
}
