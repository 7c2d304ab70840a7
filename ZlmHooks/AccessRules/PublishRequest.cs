using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_publish: a pusher (RTMP, RTSP, SRT, WebRTC, RTP...) wants to publish a stream.</summary>
public sealed record PublishRequest : ClientStreamHookRequest
{
    [JsonPropertyName("originType")] public int? OriginType { get; set; }
    [JsonPropertyName("originTypeStr")] public string? OriginTypeStr { get; set; }
}
