using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>on_server_exited: a clean exit (a crash sends nothing; missed keepalives show that).</summary>
public sealed class ServerExitedHandler(ServerHealth health) : IHookHandler<ServerExitedRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ServerExitedRequest request, HookContext context) =>
        await ServerHealthWrites.RunAsync(() => health.ExitedAsync(request.MediaServerId ?? "unknown", context.ReceivedAt));
}
