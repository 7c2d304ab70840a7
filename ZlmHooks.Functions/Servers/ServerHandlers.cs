using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using ZlmHooks.Events;
using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>on_server_started: a MediaServer (re)started. Its health row records it, with a digest of
/// its configuration (secrets redacted first), and every stream it had online is now offline.</summary>
public sealed class ServerStartedHandler(ServerHealth health, Redaction redaction, TimeProvider clock) : IHookHandler<ServerStartedRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ServerStartedRequest request, CancellationToken cancellationToken)
    {
        var config = new JsonObject();
        foreach (var (key, value) in request.Extra ?? []) config[key] = JsonNode.Parse(value.GetRawText());
        redaction.Apply(config);
        var values = config.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValueKind() == JsonValueKind.String ? kv.Value.GetValue<string>() : kv.Value?.ToJsonString());
        return await ServerWrite.RunAsync(() => health.StartedAsync(request.MediaServerId ?? "unknown", values, ServerWrite.At(clock), cancellationToken));
    }
}

/// <summary>on_server_keepalive: the server is alive (every hook.alive_interval seconds).</summary>
public sealed class ServerKeepaliveHandler(ServerHealth health, TimeProvider clock) : IHookHandler<ServerKeepaliveRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ServerKeepaliveRequest request, CancellationToken cancellationToken) =>
        await ServerWrite.RunAsync(() => health.KeepaliveAsync(request.MediaServerId ?? "unknown", ServerWrite.At(clock), cancellationToken));
}

/// <summary>on_server_exited: a clean exit (a crash sends nothing; missed keepalives show that).</summary>
public sealed class ServerExitedHandler(ServerHealth health, TimeProvider clock) : IHookHandler<ServerExitedRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ServerExitedRequest request, CancellationToken cancellationToken) =>
        await ServerWrite.RunAsync(() => health.ExitedAsync(request.MediaServerId ?? "unknown", ServerWrite.At(clock), cancellationToken));
}

internal static class ServerWrite
{
    public static DateTimeOffset At(TimeProvider clock) => NotificationTickets.Current?.Identity.Time ?? clock.GetUtcNow();

    public static async Task<HookReply> RunAsync(Func<Task> write)
    {
        try
        {
            await write();
            return HookReply.Success;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or IOException)
        {
            throw new HookUnavailableException($"server health could not be recorded ({Storage.StorageFailure.Describe(e)}); retry later", e);
        }
    }
}
