using System.Text.Json;
using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>on_server_started: a MediaServer (re)started. Its health row records it, with a digest of
/// its configuration (the cleaned payload: secrets redacted), and every stream it had online is now offline.</summary>
public sealed class ServerStartedHandler(ServerHealth health) : IHookHandler<ServerStartedRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ServerStartedRequest request, HookContext context)
    {
        // The configuration is every "section.key" of the body: all of it but the sender's id.
        var config = context.Payload.Where(kv => kv.Key != "mediaServerId")
            .ToDictionary(kv => kv.Key, kv => kv.Value?.GetValueKind() == JsonValueKind.String ? kv.Value.GetValue<string>() : kv.Value?.ToJsonString());
        return await ServerHealthWrites.RunAsync(() => health.StartedAsync(request.MediaServerId ?? "unknown", config, context.ReceivedAt));
    }
}
