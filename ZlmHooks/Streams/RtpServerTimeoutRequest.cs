using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_rtp_server_timeout: an RTP port opened with <c>openRtpServer</c> received nothing in
/// <c>rtp_proxy.timeoutSec</c>. The stream is named by <c>stream_id</c>, not <c>stream</c>.</summary>
public sealed record RtpServerTimeoutRequest : HookRequest, IStreamAddress
{
    [JsonPropertyName("vhost")] public string? Vhost { get; set; }
    [JsonPropertyName("app")] public string? App { get; set; }
    [JsonPropertyName("stream_id")] public string? StreamId { get; set; }
    [JsonPropertyName("local_port")] public int? LocalPort { get; set; }
    [JsonPropertyName("re_use_port")] public bool? ReUsePort { get; set; }
    [JsonPropertyName("ssrc")] public string? Ssrc { get; set; }

    /// <summary>0 UDP, 1 TCP passive, 2 TCP active.</summary>
    [JsonPropertyName("tcp_mode")] public int? TcpMode { get; set; }

    string? IStreamAddress.Stream => StreamId;

    public override string? Validate() => Require(StreamId, "stream_id");
}
