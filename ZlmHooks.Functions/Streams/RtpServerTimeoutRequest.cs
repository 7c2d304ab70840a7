using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_rtp_server_timeout: an RTP port opened with <c>openRtpServer</c> received nothing in
/// <c>rtp_proxy.timeoutSec</c>. The stream is named by <c>stream_id</c>, not <c>stream</c>.</summary>
public sealed record RtpServerTimeoutRequest : HookRequest, IStreamAddress
{
    [JsonPropertyName("vhost")] public string? Vhost { get; init; }
    [JsonPropertyName("app")] public string? App { get; init; }
    [JsonPropertyName("stream_id")] public string? StreamId { get; init; }
    [JsonPropertyName("local_port")] public int? LocalPort { get; init; }
    [JsonPropertyName("re_use_port")] public bool? ReUsePort { get; init; }
    [JsonPropertyName("ssrc")] public string? Ssrc { get; init; }

    /// <summary>0 UDP, 1 TCP passive, 2 TCP active.</summary>
    [JsonPropertyName("tcp_mode")] public int? TcpMode { get; init; }

    string? IStreamAddress.Stream => StreamId;

    public override string? Validate() => Require(StreamId, "stream_id");
}
