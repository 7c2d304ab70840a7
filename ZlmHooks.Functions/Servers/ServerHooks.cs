using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>The hooks about a MediaServer process itself: started (with its whole configuration),
/// alive, exited. They keep its health (docs/registry.md) and each becomes a server event.</summary>
public static class ServerHooks
{
    private static readonly ServersHookJson Json = new(HookJson.CreateOptions());

    public static Hook<ServerStartedRequest, HookReply> ServerStarted { get; } = new("on_server_started", HookKind.Notification, Json.ServerStartedRequest, Json.HookReply)
    {
        Summary = "A MediaServer started (the body is its whole configuration).",
        Event = _ => "zlmediakit.server.started",
        Fallback = (_, _) => HookReply.Success,
    };

    public static Hook<ServerKeepaliveRequest, HookReply> ServerKeepalive { get; } = new("on_server_keepalive", HookKind.Notification, Json.ServerKeepaliveRequest, Json.HookReply)
    {
        Summary = "A MediaServer is alive (every hook.alive_interval seconds).",
        Event = _ => "zlmediakit.server.keepalive",
        Fallback = (_, _) => HookReply.Success,
    };

    public static Hook<ServerExitedRequest, HookReply> ServerExited { get; } = new("on_server_exited", HookKind.Notification, Json.ServerExitedRequest, Json.HookReply)
    {
        Summary = "A MediaServer exited cleanly.",
        Event = _ => "zlmediakit.server.exited",
        Fallback = (_, _) => HookReply.Success,
    };

    public static IReadOnlyList<Hook> All { get; } = [ServerStarted, ServerKeepalive, ServerExited];
}
