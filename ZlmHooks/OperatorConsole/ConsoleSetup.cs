using System.Text.Json;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.OperatorConsole;

public static class ConsoleSetup
{
    /// <summary>The page (anonymous: it holds no data and asks for the admin key).</summary>
    public static ApiFunction Page { get; } = new("console", "console/{*file}", "get", "The operator console (docs/console.md): the page only; it reads the routes above with the admin key.")
    {
        Credential = RouteCredential.None,
    };

    public static ApiFunction PlayUrlsApi { get; } = new("api_play_urls", "api/play-urls", "get", "A stream's play URLs (RTSP, RTMP, HTTP-FLV, HLS, fMP4 preview) or a recording's file URL, signed when the rule takes signed URLs.");

    /// <summary>The operator console at <c>/console</c> (docs/console.md): servers, live streams,
    /// recordings, access rules and activity in a browser, over the admin API.</summary>
    public static IHostApplicationBuilder AddOperatorConsole(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddApiFunction(PlayUrlsApi);
        services.AddApiFunction(Page);
        services.AddSingleton<ConsoleFiles>();
        if (!builder.HasStorage()) return builder;
        services.AddSingleton<PlayUrlMaker>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOperatorConsole(this IEndpointRouteBuilder app)
    {
        if (HookEndpointRouteBuilderExtensions.IsDisabled(app.ServiceProvider.GetRequiredService<IConfiguration>(), Page.Name)) return app;
        var files = app.ServiceProvider.GetRequiredService<ConsoleFiles>();
        // One route, as the Functions host has it: /console, /console/ and /console/<file>.
        app.MapMethods("/" + Page.Route, ["GET", "HEAD"], http => files.ServeAsync(http, http.GetRouteValue("file") as string)).WithName(Page.Name).RequireCredential(Page.Credential);
        return app;
    }

    /// <summary><c>GET /api/play-urls?server=&amp;vhost=&amp;app=&amp;stream=&amp;ip=</c>, or <c>?server=&amp;path=</c> for a file.</summary>
    public static OperatorApi MapPlayUrlsApi(this OperatorApi api) => api.Map(PlayUrlsApi, async http =>
    {
        var q = http.Request.Query;
        if (ApiAnswers.Value(q, "server") is not { } server)
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, "server is required (a mediaServerId)");
            return;
        }
        PlayUrls? urls;
        try
        {
            urls = await http.RequestServices.GetRequiredService<PlayUrlMaker>().MakeAsync(server,
                ApiAnswers.Value(q, "vhost"), ApiAnswers.Value(q, "app"), ApiAnswers.Value(q, "stream"), ApiAnswers.Value(q, "path"), ApiAnswers.Value(q, "ip"), http.RequestAborted);
        }
        catch (ArgumentException e)
        {
            await ApiAnswers.BadRequestAsync(http, e);
            return;
        }
        if (urls is null)
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status404NotFound, $"no address is known for server '{server}': it has not called on_server_started here, and ZlmHooks__Recordings__PublicBaseUrl(s) does not name it");
            return;
        }
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(urls, ConsoleJson.Default.PlayUrls));
    });
}
