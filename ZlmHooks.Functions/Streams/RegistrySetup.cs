using System.Text.Json;
using ZlmHooks.Hooks;
using ZlmHooks.Servers;
using ZlmHooks.Storage;

namespace ZlmHooks.Streams;

public static class RegistrySetup
{
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorage(configuration);
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection($"{ZlmHooksOptions.Section}:Registry"));
        services.AddHttpClient(StreamPuller.ClientName);
        services.AddSingleton<StreamRegistry>();
        services.AddSingleton<ServerHealth>();
        services.AddSingleton<StreamPuller>();
        if (!StorageSetup.IsConfigured(configuration)) return services;
        services.AddSingleton<IHookHandler<StreamChangedRequest, HookReply>, StreamChangedHandler>();
        services.AddSingleton<IHookHandler<StreamNoneReaderRequest, StreamNoneReaderReply>, StreamNoneReaderHandler>();
        services.AddSingleton<IHookHandler<StreamNotFoundRequest, StreamNotFoundReply>, StreamNotFoundHandler>();
        services.AddSingleton<IHookHandler<ServerStartedRequest, HookReply>, ServerStartedHandler>();
        services.AddSingleton<IHookHandler<ServerKeepaliveRequest, HookReply>, ServerKeepaliveHandler>();
        services.AddSingleton<IHookHandler<ServerExitedRequest, HookReply>, ServerExitedHandler>();
        return services;
    }

    /// <summary><c>GET /api/streams?server=&amp;app=&amp;online=true|false</c> and <c>GET /api/servers</c>.</summary>
    public static void MapRegistryApi(IEndpointRouteBuilder routes, IConfiguration configuration)
    {
        foreach (var api in ApiCatalog.All.Where(a => a.Name is "api_streams" or "api_servers"))
        {
            if (HookHost.IsDisabled(configuration, api.Name)) continue;
            routes.MapGet("/" + api.Route, api.Name == "api_streams" ? (RequestDelegate)StreamsAsync : ServersAsync).WithName(api.Name);
        }
    }

    private static async Task StreamsAsync(HttpContext http)
    {
        if (!StorageSetup.IsConfigured(http.RequestServices.GetRequiredService<IConfiguration>()))
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, "storage is not configured");
            return;
        }
        var q = http.Request.Query;
        bool? online = null;
        if (q.TryGetValue("online", out var o) && !string.IsNullOrEmpty(o))
        {
            if (!bool.TryParse(o, out var parsed))
            {
                await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, "online must be true or false");
                return;
            }
            online = parsed;
        }
        string? Get(string name) => q.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v.ToString() : null;
        var list = await http.RequestServices.GetRequiredService<StreamRegistry>().ListAsync(Get("server"), Get("app"), online, http.RequestAborted);
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(new StreamList(list), StreamsJson.Default.StreamList));
    }

    private static async Task ServersAsync(HttpContext http)
    {
        if (!StorageSetup.IsConfigured(http.RequestServices.GetRequiredService<IConfiguration>()))
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, "storage is not configured");
            return;
        }
        var list = await http.RequestServices.GetRequiredService<ServerHealth>().ListAsync(http.RequestAborted);
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(new ServerList(list), ServersJson.Default.ServerList));
    }
}
