using System.Text.Json;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Servers;

public static class ServerHealthSetup
{
    public static ApiFunction ServersApi { get; } = new("api_servers", "api/servers", "get", "Media server health: started, last keepalive, exited, status.");

    /// <summary>Each media server's health from its start, keepalives and exit (docs/registry.md): its
    /// lifetime, which the stream registry and event ids read.</summary>
    public static IHostApplicationBuilder AddServerHealth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHooks(ServerHooks.All);
        services.AddApiFunction(ServersApi);
        services.AddStorageTable(ServerHealth.Table);

        if (!builder.HasStorage()) return builder;
        services.AddSingleton<ServerHealth>();
        services.AddSingleton<HookOnboarding>();
        services.AddSingleton<IServerLifetimes>(sp => sp.GetRequiredService<ServerHealth>());
        services.AddHookHandler<ServerStartedRequest, HookReply, ServerStartedHandler>();
        services.AddHookHandler<ServerKeepaliveRequest, HookReply, ServerKeepaliveHandler>();
        services.AddHookHandler<ServerExitedRequest, HookReply, ServerExitedHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapServerHooks(this IEndpointRouteBuilder routes) => routes.MapHooks(ServerHooks.All);

    /// <summary><c>GET /api/servers</c>.</summary>
    public static OperatorApi MapServersApi(this OperatorApi api) => api.Map(ServersApi, async http =>
    {
        var list = await http.RequestServices.GetRequiredService<ServerHealth>().ListAsync(http.RequestAborted);
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(new ServerList(list), ServersJson.Default.ServerList));
    });
}
