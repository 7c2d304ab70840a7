using System.Text.Json;
using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Recordings;

public static class RecordingsSetup
{
    public static ApiFunction RecordingsApi { get; } = new("api_recordings", "api/recordings", "get", "Catalogued recordings by server, vhost, app, stream, kind and day range.");

    /// <summary>The recording catalog in Blob Storage (docs/recordings.md).</summary>
    public static IHostApplicationBuilder AddRecordings(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RecordingsOptions>().Bind(builder.Configuration.GetSection($"{ZlmHooksOptions.Section}:Recordings"));
        services.AddHooks(RecordingHooks.All);
        services.AddApiFunction(RecordingsApi);
        services.AddStorageResource(StorageResourceKind.BlobContainer, sp => sp.GetRequiredService<IOptions<RecordingsOptions>>().Value.Container);

        if (!builder.HasStorage()) return builder;
        services.AddSingleton<RecordingCatalog>();
        services.AddSingleton<RecordingLog>();
        services.AddHookHandler<RecordMp4Request, HookReply, RecordMp4Handler>();
        services.AddHookHandler<RecordTsRequest, HookReply, RecordTsHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRecordingHooks(this IEndpointRouteBuilder routes) => routes.MapHooks(RecordingHooks.All);

    /// <summary><c>GET /api/recordings?server=&amp;vhost=&amp;app=&amp;stream=&amp;kind=&amp;from=&amp;to=&amp;limit=</c>:
    /// the catalog, with playback URLs.</summary>
    public static OperatorApi MapRecordingsApi(this OperatorApi api) => api.Map(RecordingsApi, ListAsync);

    public static RecordingFilter? Filter(IQueryCollection q, out string? problem)
    {
        problem = null;
        var limit = 100;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit is < 1 or > 1000))
        {
            problem = "limit must be 1-1000";
            return null;
        }
        string? Get(string name) => ApiAnswers.Value(q, name);
        return new RecordingFilter(Get("server"), Get("vhost"), Get("app"), Get("stream"), Get("from"), Get("to"), Get("kind"), limit);
    }

    private static async Task ListAsync(HttpContext http)
    {
        if (Filter(http.Request.Query, out var problem) is not { } filter)
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, problem!);
            return;
        }
        List<Recording> found;
        try
        {
            found = await http.RequestServices.GetRequiredService<RecordingCatalog>().ListAsync(filter, http.RequestAborted);
        }
        catch (FormatException e)
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, e.Message);
            return;
        }
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(new RecordingList(found), RecordingsJson.Default.RecordingList));
    }
}
