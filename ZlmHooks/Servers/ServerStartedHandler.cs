using System.Text.Json;
using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>on_server_started: a MediaServer (re)started. Its health row records it, with a digest of
/// its configuration (the cleaned payload: secrets redacted), and every stream it had online is now
/// offline. With fleet onboarding on, it then gets the rest of its [hook] section.</summary>
public sealed class ServerStartedHandler(ServerHealth health, HookOnboarding onboarding) : IHookHandler<ServerStartedRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ServerStartedRequest request, HookContext context)
    {
        // The configuration is every "section.key" of the body: all of it but the sender's id.
        var config = context.Payload.Where(kv => kv.Key != "mediaServerId")
            .ToDictionary(kv => kv.Key, kv => kv.Value?.GetValueKind() == JsonValueKind.String ? kv.Value.GetValue<string>() : kv.Value?.ToJsonString());
        var reply = await ServerHealthWrites.RunAsync(() => health.StartedAsync(request.MediaServerId ?? "unknown", config, context.ReceivedAt, context.Sender?.ToString(), context.SenderAgent));
        // From the body as sent (the cleaned one has the hook URLs' query redacted), after the health
        // write: a server the registry has not recorded is not configured.
        if (onboarding.Enabled && reply.Code == 0 && request.MediaServerId is { Length: > 0 } server)
            await onboarding.ConfigureAsync(server, Sent(request), context.Aborted);
        return reply;
    }

    private static Dictionary<string, string?> Sent(ServerStartedRequest request) =>
        (request.Extra ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString() : kv.Value.GetRawText(), StringComparer.Ordinal);
}
