using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>
/// The hooks about streams: registered and unregistered schemas (the registry), idle and missing
/// streams (the idle and pull policies), and what MediaServer reports when a client or an RTP
/// session ends. Each becomes a stream event (docs/events.md). Without storage the notifications are
/// acknowledged and the policies answer ZLMediaKit's own defaults.
/// </summary>
public static class StreamHooks
{
    private static readonly StreamsHookJson Json = new(HookJson.CreateOptions());

    public static Hook<StreamChangedRequest, HookReply> StreamChanged { get; } = new("on_stream_changed", HookKind.Notification, Json.StreamChangedRequest, Json.HookReply)
    {
        Summary = "A stream registered or unregistered in one schema.",
        Event = r => r.Regist == true ? "zlmediakit.stream.registered" : "zlmediakit.stream.unregistered",
        Fallback = (_, _) => HookReply.Success,
    };

    public static Hook<StreamNoneReaderRequest, StreamNoneReaderReply> StreamNoneReader { get; } = new("on_stream_none_reader", HookKind.Policy, Json.StreamNoneReaderRequest, Json.StreamNoneReaderReply)
    {
        Summary = "Nobody watches a stream: close it or keep it.",
        Event = _ => "zlmediakit.stream.noreader",
        // ZLMediaKit keeps a stream whose hook is not answered: CloseIdleStreams is false by default.
        Fallback = (_, o) => new StreamNoneReaderReply { Code = 0, Msg = "success", Close = o.CloseIdleStreams },
    };

    public static Hook<StreamNotFoundRequest, StreamNotFoundReply> StreamNotFound { get; } = new("on_stream_not_found", HookKind.Policy, Json.StreamNotFoundRequest, Json.StreamNotFoundReply)
    {
        Summary = "A player asked for a missing stream: pull it on demand while the player waits.",
        Event = _ => "zlmediakit.stream.notfound",
        // Let the player wait general.maxStreamWaitMS in case the stream arrives.
        Fallback = (_, _) => new StreamNotFoundReply { Code = 0, Msg = "success", Close = false },
    };

    public static Hook<FlowReportRequest, HookReply> FlowReport { get; } =
        NotificationHook.Define("on_flow_report", Json.FlowReportRequest, "A player or pusher left: duration and bytes moved.", "zlmediakit.stream.flowreport", activity: HookActivity.Failures);

    public static Hook<SendRtpStoppedRequest, HookReply> SendRtpStopped { get; } =
        NotificationHook.Define("on_send_rtp_stopped", Json.SendRtpStoppedRequest, "An RTP send (startSendRtp) stopped.", "zlmediakit.rtp.sendstopped");

    public static Hook<RtpServerTimeoutRequest, HookReply> RtpServerTimeout { get; } =
        NotificationHook.Define("on_rtp_server_timeout", Json.RtpServerTimeoutRequest, "An RTP server port (openRtpServer) received nothing in time.", "zlmediakit.rtp.servertimeout");

    public static IReadOnlyList<Hook> All { get; } = [StreamChanged, StreamNoneReader, StreamNotFound, FlowReport, SendRtpStopped, RtpServerTimeout];
}
