using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>The hooks about a MediaServer process itself: started (with its whole configuration),
/// alive, exited. They keep its health (docs/registry.md) and each becomes a server event.</summary>
public static class ServerHooks
{
    private static readonly ServersHookJson Json = new(HookJson.CreateOptions());

    public static Hook<ServerStartedRequest, HookReply> ServerStarted { get; } =
        NotificationHook.Define("on_server_started", Json.ServerStartedRequest, "A MediaServer started (the body is its whole configuration).", "zlmediakit.server.started");

    public static Hook<ServerKeepaliveRequest, HookReply> ServerKeepalive { get; } =
        NotificationHook.Define("on_server_keepalive", Json.ServerKeepaliveRequest, "A MediaServer is alive (every hook.alive_interval seconds).", "zlmediakit.server.keepalive", activity: HookActivity.Failures);

    public static Hook<ServerExitedRequest, HookReply> ServerExited { get; } =
        NotificationHook.Define("on_server_exited", Json.ServerExitedRequest, "A MediaServer exited cleanly.", "zlmediakit.server.exited");

    public static IReadOnlyList<Hook> All { get; } = [ServerStarted, ServerKeepalive, ServerExited];
}
