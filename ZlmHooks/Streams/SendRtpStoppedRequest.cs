using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_send_rtp_stopped: an RTP (GB28181) send started with <c>startSendRtp</c> ended.</summary>
public sealed record SendRtpStoppedRequest : StreamHookRequest
{
    [JsonPropertyName("ssrc")] public string? Ssrc { get; set; }
    [JsonPropertyName("err")] public int? Err { get; set; }
    [JsonPropertyName("msg")] public string? Msg { get; set; }
    [JsonPropertyName("originType")] public int? OriginType { get; set; }
    [JsonPropertyName("originTypeStr")] public string? OriginTypeStr { get; set; }
    [JsonPropertyName("originUrl")] public string? OriginUrl { get; set; }
}
