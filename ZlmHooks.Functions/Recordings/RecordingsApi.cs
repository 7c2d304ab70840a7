using System.Text.Json;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Recordings;

/// <summary><c>GET /api/recordings?server=&amp;vhost=&amp;app=&amp;stream=&amp;kind=&amp;from=&amp;to=&amp;limit=</c>:
/// the catalog, with playback URLs. Behind the function key like every hook.</summary>
public static class RecordingsApi
{
    public static RecordingFilter? Filter(IQueryCollection q, out string? problem)
    {
        problem = null;
        var limit = 100;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit is < 1 or > 1000))
        {
            problem = "limit must be 1-1000";
            return null;
        }
        string? Get(string name) => q.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v.ToString() : null;
        return new RecordingFilter(Get("server"), Get("vhost"), Get("app"), Get("stream"), Get("from"), Get("to"), Get("kind"), limit);
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = ApiCatalog.All.Single(a => a.Name == "api_recordings");
        routes.MapGet("/" + api.Route, ListAsync).WithName(api.Name);
    }

    private static async Task ListAsync(HttpContext http)
    {
        var catalog = http.RequestServices.GetRequiredService<RecordingCatalog>();
        if (!StorageSetup.IsConfigured(http.RequestServices.GetRequiredService<IConfiguration>()))
        {
            await Problem(http, StatusCodes.Status503ServiceUnavailable, "storage is not configured (ZlmHooks__Storage__Connection or __Account)");
            return;
        }
        if (Filter(http.Request.Query, out var problem) is not { } filter)
        {
            await Problem(http, StatusCodes.Status400BadRequest, problem!);
            return;
        }
        List<Recording> found;
        try
        {
            found = await catalog.ListAsync(filter, http.RequestAborted);
        }
        catch (FormatException e)
        {
            await Problem(http, StatusCodes.Status400BadRequest, e.Message);
            return;
        }
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(new RecordingList(found), RecordingsJson.Default.RecordingList));
    }

    private static Task Problem(HttpContext http, int status, string message) => ApiAnswers.ProblemAsync(http, status, message);
}

public static class RecordingsSetup
{
    public static IServiceCollection AddRecordings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorage(configuration);
        services.AddOptions<RecordingsOptions>().Bind(configuration.GetSection($"{ZlmHooksOptions.Section}:Recordings"));
        services.AddSingleton<RecordingCatalog>();
        services.AddSingleton<RecordingLog>();
        if (!Storage.StorageSetup.IsConfigured(configuration)) return services;
        services.AddSingleton<IHookHandler<RecordMp4Request, HookReply>, RecordMp4Handler>();
        services.AddSingleton<IHookHandler<RecordTsRequest, HookReply>, RecordTsHandler>();
        return services;
    }
}
