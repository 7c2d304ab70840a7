using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// The hooks that admit or refuse a client, decided by the access rules. Their fallbacks (storage
/// not configured) refuse, unless development mode explicitly allows; on_rtsp_realm answers "" (no
/// RTSP login; on_play decides) and on_rtsp_auth always refuses, having no password to give.
/// </summary>
public static class AccessHooks
{
    private const string NoRule = "denied: no access rule allows this (ZlmHooks default)";
    internal static readonly AccessHookJson Json = new(HookJson.CreateOptions());

    public static Hook<PublishRequest, PublishReply> Publish { get; } = new("on_publish", HookKind.Auth, Json.PublishRequest, Json.PublishReply)
    {
        Summary = "A pusher starts publishing: allow or deny, and on allow the stream's protocol options.",
        AuditAction = RuleActions.Publish,
        Activity = HookActivity.Every,   // a publish is rare and each one matters; a play is every viewer
        // An allow without options: the server's [protocol] config applies.
        Fallback = (_, o) => o.AllowsByDefault ? new PublishReply { Code = 0, Msg = "success" } : new PublishReply { Code = HookReply.Refused, Msg = NoRule },
    };

    public static Hook<PlayRequest, HookReply> Play { get; } = new("on_play", HookKind.Auth, Json.PlayRequest, Json.HookReply)
    {
        Summary = "A player starts watching: allow or deny.",
        AuditAction = RuleActions.Play,
        Fallback = (_, o) => o.AllowsByDefault ? HookReply.Success : HookReply.Refuse(NoRule),
    };

    public static Hook<HttpAccessRequest, HttpAccessReply> HttpAccess { get; } = new("on_http_access", HookKind.Auth, Json.HttpAccessRequest, Json.HttpAccessReply)
    {
        Summary = "A file or folder is requested over HTTP: err (empty = allow), path covered, seconds to cache.",
        // A refusal is not cached (second 0), so a rule added later applies at once.
        Fallback = (_, o) => o.AllowsByDefault
            ? new HttpAccessReply { Code = 0, Msg = "success", Err = "", Path = "", Second = 0 }
            : new HttpAccessReply { Code = HookReply.Refused, Msg = NoRule, Err = NoRule, Path = "", Second = 0 },
    };

    public static Hook<RtspRealmRequest, RtspRealmReply> RtspRealm { get; } = new("on_rtsp_realm", HookKind.Policy, Json.RtspRealmRequest, Json.RtspRealmReply)
    {
        Summary = "An RTSP player connects: the realm to challenge with, or \"\" for no RTSP login.",
        Activity = HookActivity.Failures,
        Fallback = (_, _) => new RtspRealmReply { Code = 0, Msg = "success", Realm = "" },
    };

    public static Hook<RtspAuthRequest, RtspAuthReply> RtspAuth { get; } = new("on_rtsp_auth", HookKind.Auth, Json.RtspAuthRequest, Json.RtspAuthReply)
    {
        Summary = "An RTSP login: the user's md5(user:realm:password) for MediaServer to check the digest.",
        // Only asked after a realm was given (never, by default); with no user store there is no
        // password to hand over, so even development mode cannot allow it.
        Fallback = (_, _) => new RtspAuthReply { Code = HookReply.Refused, Msg = "denied: no RTSP user store is configured" },
    };

    public static Hook<ShellLoginRequest, HookReply> ShellLogin { get; } = new("on_shell_login", HookKind.Auth, Json.ShellLoginRequest, Json.HookReply)
    {
        Summary = "A telnet login to the debug shell: allow or deny.",
        Fallback = (_, o) => o.AllowsByDefault ? HookReply.Success : HookReply.Refuse("denied: shell login is disabled (ZlmHooks default)"),
    };

    public static IReadOnlyList<Hook> All { get; } = [Publish, Play, HttpAccess, RtspRealm, RtspAuth, ShellLogin];
}
