using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_send_rtp_stopped: an RTP (GB28181) send started with <c>startSendRtp</c> ended.</summary>
public sealed record SendRtpStoppedRequest : StreamHookRequest
{
    [JsonPropertyName("ssrc")] public string? Ssrc { get; init; }
    [JsonPropertyName("err")] public int? Err { get; init; }
    [JsonPropertyName("msg")] public string? Msg { get; init; }
    [JsonPropertyName("originType")] public int? OriginType { get; init; }
    [JsonPropertyName("originTypeStr")] public string? OriginTypeStr { get; init; }
    [JsonPropertyName("originUrl")] public string? OriginUrl { get; init; }
}
