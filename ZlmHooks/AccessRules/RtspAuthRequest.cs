using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_rtsp_auth: MediaServer asks for the password of <c>user_name</c> in <c>realm</c>
/// and checks the player's digest (or Basic credentials) itself.</summary>
public sealed record RtspAuthRequest : ClientStreamHookRequest
{
    [JsonPropertyName("realm")] public string? Realm { get; set; }
    [JsonPropertyName("user_name")] public string? UserName { get; set; }

    /// <summary>True when the player uses Basic auth: only a plain password will do.</summary>
    [JsonPropertyName("must_no_encrypt")] public bool? MustNoEncrypt { get; set; }

    public override string? Validate() => base.Validate() ?? Require(UserName, "user_name");
}
