using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// The on_publish answer. Beside <c>code</c>, every key is a protocol option for this stream
/// (MediaSource.h ProtocolOption); an option left null is left out of the reply so the server's
/// <c>[protocol]</c> config applies. The same shape is what an access rule stores as its options.
/// </summary>
public sealed record PublishReply : HookReply
{
    [JsonPropertyName("enable_hls")] public bool? EnableHls { get; init; }
    [JsonPropertyName("enable_hls_fmp4")] public bool? EnableHlsFmp4 { get; init; }
    [JsonPropertyName("enable_mp4")] public bool? EnableMp4 { get; init; }
    [JsonPropertyName("enable_rtsp")] public bool? EnableRtsp { get; init; }
    [JsonPropertyName("enable_rtmp")] public bool? EnableRtmp { get; init; }
    [JsonPropertyName("enable_ts")] public bool? EnableTs { get; init; }
    [JsonPropertyName("enable_fmp4")] public bool? EnableFmp4 { get; init; }
    [JsonPropertyName("hls_demand")] public bool? HlsDemand { get; init; }
    [JsonPropertyName("rtsp_demand")] public bool? RtspDemand { get; init; }
    [JsonPropertyName("rtmp_demand")] public bool? RtmpDemand { get; init; }
    [JsonPropertyName("ts_demand")] public bool? TsDemand { get; init; }
    [JsonPropertyName("fmp4_demand")] public bool? Fmp4Demand { get; init; }
    [JsonPropertyName("enable_audio")] public bool? EnableAudio { get; init; }
    [JsonPropertyName("add_mute_audio")] public bool? AddMuteAudio { get; init; }
    [JsonPropertyName("mp4_save_path")] public string? Mp4SavePath { get; init; }
    [JsonPropertyName("mp4_max_second")] public int? Mp4MaxSecond { get; init; }
    [JsonPropertyName("mp4_as_player")] public bool? Mp4AsPlayer { get; init; }
    [JsonPropertyName("hls_save_path")] public string? HlsSavePath { get; init; }
    [JsonPropertyName("modify_stamp")] public int? ModifyStamp { get; init; }
    [JsonPropertyName("continue_push_ms")] public int? ContinuePushMs { get; init; }
    [JsonPropertyName("paced_sender_ms")] public int? PacedSenderMs { get; init; }
    [JsonPropertyName("auto_close")] public bool? AutoClose { get; init; }
    [JsonPropertyName("stream_replace")] public string? StreamReplace { get; init; }
    [JsonPropertyName("max_track")] public int? MaxTrack { get; init; }
}
