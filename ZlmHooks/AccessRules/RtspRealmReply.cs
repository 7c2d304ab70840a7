using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>The realm to challenge with; empty means no RTSP login (on_play still decides).</summary>
public sealed record RtspRealmReply : HookReply
{
    [JsonPropertyName("realm")] public string Realm { get; init; } = "";
}
