using Microsoft.Extensions.Options;
using ZlmHooks.AccessRules;
using ZlmHooks.Recordings;
using ZlmHooks.Servers;
using ZlmHooks.Streams;

namespace ZlmHooks.Hooks;

/// <summary>
/// The answer to every hook that no feature decides: auth hooks refuse (unless development mode
/// explicitly allows), policy hooks give ZLMediaKit's own defaults, notifications are acknowledged.
/// Feature handlers registered later replace these one interface at a time.
/// </summary>
internal sealed class DefaultAnswers(IOptions<ZlmHooksOptions> options) :
    IHookHandler<PublishRequest, PublishReply>,
    IHookHandler<PlayRequest, HookReply>,
    IHookHandler<HttpAccessRequest, HttpAccessReply>,
    IHookHandler<RtspRealmRequest, RtspRealmReply>,
    IHookHandler<RtspAuthRequest, RtspAuthReply>,
    IHookHandler<ShellLoginRequest, HookReply>,
    IHookHandler<StreamNoneReaderRequest, StreamNoneReaderReply>,
    IHookHandler<StreamNotFoundRequest, StreamNotFoundReply>,
    IHookHandler<StreamChangedRequest, HookReply>,
    IHookHandler<FlowReportRequest, HookReply>,
    IHookHandler<RecordMp4Request, HookReply>,
    IHookHandler<RecordTsRequest, HookReply>,
    IHookHandler<ServerStartedRequest, HookReply>,
    IHookHandler<ServerKeepaliveRequest, HookReply>,
    IHookHandler<ServerExitedRequest, HookReply>,
    IHookHandler<SendRtpStoppedRequest, HookReply>,
    IHookHandler<RtpServerTimeoutRequest, HookReply>
{
    private const string NoRule = "denied: no access rule allows this (ZlmHooks default)";

    private bool Allow => options.Value.AuthDefault == AuthDefault.Allow && options.Value.DevelopmentMode;

    private static ValueTask<T> Answer<T>(T reply) => ValueTask.FromResult(reply);

    // on_publish: allowed publishes get no protocol options, so the server's [protocol] config applies.
    public ValueTask<PublishReply> HandleAsync(PublishRequest request, CancellationToken cancellationToken) =>
        Answer(Allow ? new PublishReply { Code = 0, Msg = "success" } : new PublishReply { Code = HookReply.Refused, Msg = NoRule });

    public ValueTask<HookReply> HandleAsync(PlayRequest request, CancellationToken cancellationToken) =>
        Answer(Allow ? HookReply.Success : HookReply.Refuse(NoRule));

    // on_http_access: a refusal is not cached (second 0) so a rule added later applies at once.
    public ValueTask<HttpAccessReply> HandleAsync(HttpAccessRequest request, CancellationToken cancellationToken) =>
        Answer(Allow
            ? new HttpAccessReply { Code = 0, Msg = "success", Err = "", Path = "", Second = 0 }
            : new HttpAccessReply { Code = HookReply.Refused, Msg = NoRule, Err = NoRule, Path = "", Second = 0 });

    // on_rtsp_realm: "" means no RTSP login; on_play still decides whether the player may watch.
    public ValueTask<RtspRealmReply> HandleAsync(RtspRealmRequest request, CancellationToken cancellationToken) =>
        Answer(new RtspRealmReply { Code = 0, Msg = "success", Realm = "" });

    // on_rtsp_auth is only asked after a realm was given (never, by default); with no user store
    // there is no password to hand over, so even development mode cannot allow it.
    public ValueTask<RtspAuthReply> HandleAsync(RtspAuthRequest request, CancellationToken cancellationToken) =>
        Answer(new RtspAuthReply { Code = HookReply.Refused, Msg = "denied: no RTSP user store is configured" });

    public ValueTask<HookReply> HandleAsync(ShellLoginRequest request, CancellationToken cancellationToken) =>
        Answer(Allow ? HookReply.Success : HookReply.Refuse("denied: shell login is disabled (ZlmHooks default)"));

    public ValueTask<StreamNoneReaderReply> HandleAsync(StreamNoneReaderRequest request, CancellationToken cancellationToken) =>
        Answer(new StreamNoneReaderReply { Code = 0, Msg = "success", Close = options.Value.CloseIdleStreams });

    // on_stream_not_found: let the player wait general.maxStreamWaitMS in case the stream arrives.
    public ValueTask<StreamNotFoundReply> HandleAsync(StreamNotFoundRequest request, CancellationToken cancellationToken) =>
        Answer(new StreamNotFoundReply { Code = 0, Msg = "success", Close = false });

    public ValueTask<HookReply> HandleAsync(StreamChangedRequest request, CancellationToken cancellationToken) => Answer(HookReply.Success);
    public ValueTask<HookReply> HandleAsync(FlowReportRequest request, CancellationToken cancellationToken) => Answer(HookReply.Success);
    public ValueTask<HookReply> HandleAsync(RecordMp4Request request, CancellationToken cancellationToken) => Answer(HookReply.Success);
    public ValueTask<HookReply> HandleAsync(RecordTsRequest request, CancellationToken cancellationToken) => Answer(HookReply.Success);
    public ValueTask<HookReply> HandleAsync(ServerStartedRequest request, CancellationToken cancellationToken) => Answer(HookReply.Success);
    public ValueTask<HookReply> HandleAsync(ServerKeepaliveRequest request, CancellationToken cancellationToken) => Answer(HookReply.Success);
    public ValueTask<HookReply> HandleAsync(ServerExitedRequest request, CancellationToken cancellationToken) => Answer(HookReply.Success);
    public ValueTask<HookReply> HandleAsync(SendRtpStoppedRequest request, CancellationToken cancellationToken) => Answer(HookReply.Success);
    public ValueTask<HookReply> HandleAsync(RtpServerTimeoutRequest request, CancellationToken cancellationToken) => Answer(HookReply.Success);
}
