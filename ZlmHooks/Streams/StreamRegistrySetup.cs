using System.Text.Json;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Streams;

public static class StreamRegistrySetup
{
    public static ApiFunction StreamsApi { get; } = new("api_streams", "api/streams", "get", "The stream registry: streams by server, app and online state.");

    public static ApiFunction LiveApi { get; } = new("api_streams_live", "api/streams/live", "get", "What one server has live now, with readers, from its own API (getMediaList).");

    /// <summary>What is live on which server (docs/registry.md), the idle-stream policy and on-demand
    /// pull (docs/on-demand-pull.md).</summary>
    public static IHostApplicationBuilder AddStreamRegistry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RegistryOptions>().Bind(builder.Configuration.GetSection($"{ZlmHooksOptions.Section}:Registry"));
        services.AddHooks(StreamHooks.All);
        services.AddApiFunction(StreamsApi);
        services.AddApiFunction(LiveApi);
        services.AddStorageTable(StreamRegistry.Table);

        if (!builder.HasStorage()) return builder;
        services.AddHttpClient(MediaServerRest.ClientName);
        services.AddSingleton<MediaServerRest>();
        services.AddSingleton<StreamRegistry>();
        services.AddSingleton<StreamPuller>();
        services.AddSingleton<LiveMediaReader>();
        services.AddHookHandler<StreamChangedRequest, HookReply, StreamChangedHandler>();
        services.AddHookHandler<StreamNoneReaderRequest, StreamNoneReaderReply, StreamNoneReaderHandler>();
        services.AddHookHandler<StreamNotFoundRequest, StreamNotFoundReply, StreamNotFoundHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStreamHooks(this IEndpointRouteBuilder routes) => routes.MapHooks(StreamHooks.All);

    /// <summary><c>GET /api/streams?server=&amp;app=&amp;online=true|false</c>.</summary>
    public static OperatorApi MapStreamsApi(this OperatorApi api) => api.Map(StreamsApi, ListAsync).Map(LiveApi, LiveAsync);

    /// <summary><c>GET /api/streams/live?server=</c>: a server that cannot be asked is an answer too
    /// (<c>available: false</c>), not a 5xx: nothing of ours failed.</summary>
    private static async Task LiveAsync(HttpContext http)
    {
        if (ApiAnswers.Value(http.Request.Query, "server") is not { } server)
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, "server is required (a mediaServerId)");
            return;
        }
        var list = await http.RequestServices.GetRequiredService<LiveMediaReader>().ListAsync(server, http.RequestAborted);
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(list, StreamsJson.Default.LiveMediaList));
    }

    private static async Task ListAsync(HttpContext http)
    {
        var q = http.Request.Query;
        bool? online = null;
        if (ApiAnswers.Value(q, "online") is { } o)
        {
            if (!bool.TryParse(o, out var parsed))
            {
                await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, "online must be true or false");
                return;
            }
            online = parsed;
        }
        var list = await http.RequestServices.GetRequiredService<StreamRegistry>().ListAsync(ApiAnswers.Value(q, "server"), ApiAnswers.Value(q, "app"), online, http.RequestAborted);
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(new StreamList(list), StreamsJson.Default.StreamList));
    }
}
