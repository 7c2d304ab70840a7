using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>on_server_keepalive: the server is alive (every hook.alive_interval seconds).</summary>
public sealed class ServerKeepaliveHandler(ServerHealth health) : IHookHandler<ServerKeepaliveRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ServerKeepaliveRequest request, HookContext context) =>
        await ServerHealthWrites.RunAsync(() => health.KeepaliveAsync(request.MediaServerId ?? "unknown", context.ReceivedAt));
}
