using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>The password for the user: <c>encrypted</c> true means <c>passwd</c> is
/// md5(user:realm:password) (HA1), which is all we ever store.</summary>
public sealed record RtspAuthReply : HookReply
{
    [JsonPropertyName("encrypted")] public bool Encrypted { get; init; }
    [JsonPropertyName("passwd")] public string Passwd { get; init; } = "";

    // HA1 is a password equivalent for that realm: keep it out of any log or debugger string.
    public override string ToString() => $"RtspAuthReply {{ Code = {Code}, Msg = {Msg}, Encrypted = {Encrypted}, Passwd = *** }}";
}
