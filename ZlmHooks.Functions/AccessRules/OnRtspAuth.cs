using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_rtsp_auth: MediaServer asks for the password of <c>user_name</c> in <c>realm</c>
/// and checks the player's digest (or Basic credentials) itself.</summary>
public sealed record RtspAuthRequest : ClientStreamHookRequest
{
    [JsonPropertyName("realm")] public string? Realm { get; init; }
    [JsonPropertyName("user_name")] public string? UserName { get; init; }

    /// <summary>True when the player uses Basic auth: only a plain password will do.</summary>
    [JsonPropertyName("must_no_encrypt")] public bool? MustNoEncrypt { get; init; }

    public override string? Validate() => base.Validate() ?? Require(UserName, "user_name");
}

/// <summary>The password for the user: <c>encrypted</c> true means <c>passwd</c> is
/// md5(user:realm:password) (HA1), which is all we ever store.</summary>
public sealed record RtspAuthReply : HookReply
{
    [JsonPropertyName("encrypted")] public bool Encrypted { get; init; }
    [JsonPropertyName("passwd")] public string Passwd { get; init; } = "";

    // HA1 is a password equivalent for that realm: keep it out of any log or debugger string.
    public override string ToString() => $"RtspAuthReply {{ Code = {Code}, Msg = {Msg}, Encrypted = {Encrypted}, Passwd = *** }}";
}
