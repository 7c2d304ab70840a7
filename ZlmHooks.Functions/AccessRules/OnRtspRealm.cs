using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_rtsp_realm: an RTSP player connects; does this stream need an RTSP login?</summary>
public sealed record RtspRealmRequest : ClientStreamHookRequest;

/// <summary>The realm to challenge with; empty means no RTSP login (on_play still decides).</summary>
public sealed record RtspRealmReply : HookReply
{
    [JsonPropertyName("realm")] public string Realm { get; init; } = "";
}
