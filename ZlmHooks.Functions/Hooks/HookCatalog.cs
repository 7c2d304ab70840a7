using ZlmHooks.AccessRules;
using ZlmHooks.Recordings;
using ZlmHooks.Servers;
using ZlmHooks.Streams;
using J = ZlmHooks.Hooks.HookJson;

namespace ZlmHooks.Hooks;

/// <summary>
/// Every hook ZlmHooks answers, in one place. Routes, the function.json folders, the README table
/// and the tests are all derived from this list: adding a hook is one line here, its types, a
/// handler and a capture to test it with.
/// </summary>
public static class HookCatalog
{
    public static IReadOnlyList<Hook> All { get; } =
    [
        Hook.Define("on_publish", HookKind.Auth, J.Default.PublishRequest, J.Default.PublishReply,
            "A pusher starts publishing: allow or deny, and on allow the stream's protocol options."),
        Hook.Define("on_play", HookKind.Auth, J.Default.PlayRequest, J.Default.HookReply,
            "A player starts watching: allow or deny."),
        Hook.Define("on_http_access", HookKind.Auth, J.Default.HttpAccessRequest, J.Default.HttpAccessReply,
            "A file or folder is requested over HTTP: err (empty = allow), path covered, seconds to cache."),
        Hook.Define("on_rtsp_realm", HookKind.Policy, J.Default.RtspRealmRequest, J.Default.RtspRealmReply,
            "An RTSP player connects: the realm to challenge with, or \"\" for no RTSP login."),
        Hook.Define("on_rtsp_auth", HookKind.Auth, J.Default.RtspAuthRequest, J.Default.RtspAuthReply,
            "An RTSP login: the user's md5(user:realm:password) for MediaServer to check the digest."),
        Hook.Define("on_shell_login", HookKind.Auth, J.Default.ShellLoginRequest, J.Default.HookReply,
            "A telnet login to the debug shell: allow or deny."),
        Hook.Define("on_stream_changed", HookKind.Notification, J.Default.StreamChangedRequest, J.Default.HookReply,
            "A stream registered or unregistered in one schema."),
        Hook.Define("on_stream_none_reader", HookKind.Policy, J.Default.StreamNoneReaderRequest, J.Default.StreamNoneReaderReply,
            "Nobody watches a stream: close it or keep it."),
        Hook.Define("on_stream_not_found", HookKind.Policy, J.Default.StreamNotFoundRequest, J.Default.StreamNotFoundReply,
            "A player asked for a missing stream: pull it on demand while the player waits."),
        Hook.Define("on_flow_report", HookKind.Notification, J.Default.FlowReportRequest, J.Default.HookReply,
            "A player or pusher left: duration and bytes moved."),
        Hook.Define("on_record_mp4", HookKind.Notification, J.Default.RecordMp4Request, J.Default.HookReply,
            "An MP4 recording file is finished."),
        Hook.Define("on_record_ts", HookKind.Notification, J.Default.RecordTsRequest, J.Default.HookReply,
            "An HLS segment is written."),
        Hook.Define("on_server_started", HookKind.Notification, J.Default.ServerStartedRequest, J.Default.HookReply,
            "A MediaServer started (the body is its whole configuration)."),
        Hook.Define("on_server_keepalive", HookKind.Notification, J.Default.ServerKeepaliveRequest, J.Default.HookReply,
            "A MediaServer is alive (every hook.alive_interval seconds)."),
        Hook.Define("on_server_exited", HookKind.Notification, J.Default.ServerExitedRequest, J.Default.HookReply,
            "A MediaServer exited cleanly."),
        Hook.Define("on_send_rtp_stopped", HookKind.Notification, J.Default.SendRtpStoppedRequest, J.Default.HookReply,
            "An RTP send (startSendRtp) stopped."),
        Hook.Define("on_rtp_server_timeout", HookKind.Notification, J.Default.RtpServerTimeoutRequest, J.Default.HookReply,
            "An RTP server port (openRtpServer) received nothing in time."),
    ];

    public static Hook? Find(string name) => All.FirstOrDefault(h => h.Name == name);
}
