using ZlmHooks.AccessRules;
using ZlmHooks.RecentActivity;
using ZlmHooks.Cli;
using ZlmHooks.Events;
using ZlmHooks.Hooks;
using ZlmHooks.Hosting;
using ZlmHooks.OperatorConsole;
using ZlmHooks.Recordings;
using ZlmHooks.Servers;
using ZlmHooks.Storage;
using ZlmHooks.Streams;
using ZlmHooks.Telemetry;

namespace ZlmHooks;

/// <summary>ZlmHooks: ZLMediaKit's web hooks answered on Azure Functions. One binary: the hook
/// handler by default, the operator's admin commands when one is named.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [var command, ..] && AdminCommands.Handles(command))
            return await AdminCommands.RunAsync(args);
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (StartupRefusedException refused)
        {
            await Console.Error.WriteLineAsync($"ZlmHooks cannot start: {refused.Message}");
            return 3;
        }
        await app.RunAsync();
        return 0;
    }

    /// <summary>What ZlmHooks does.</summary>
    public static IHostApplicationBuilder AddZlmHooks(this IHostApplicationBuilder builder)
    {
        builder.AddHookKernel();       // the hook catalog, the pipeline every call goes through, keys, payload cleaning
        builder.AddStorage();          // Table, Blob, Queue and Event Grid clients with one credential
        builder.AddAccessRules();      // who may publish, play, fetch files, log in: rules in Table Storage
        builder.AddStreamRegistry();   // what is live where; idle streams closed, missing ones pulled
        builder.AddServerHealth();     // which MediaServers are up
        builder.AddRecordings();       // MP4 and HLS recordings catalogued in Blob Storage
        builder.AddActivityFeed();     // refusals and events kept a week for the operator
        builder.AddStreamEvents();     // every notification a CloudEvent through Event Grid
        builder.AddTelemetry();        // hook metrics and traces to Application Insights
        builder.AddOperatorConsole();  // a web page for all of it, over the admin API
        return builder;
    }

    /// <summary>Where it answers.</summary>
    public static WebApplication MapZlmHooks(this WebApplication app)
    {
        app.MapHookKernel();           // the function key on every route; GET / for the Functions host
        app.MapAccessHooks();          // on_publish, on_play, on_http_access, on_rtsp_realm, on_rtsp_auth, on_shell_login
        app.MapStreamHooks();          // on_stream_changed, on_stream_none_reader, on_stream_not_found, on_flow_report, RTP
        app.MapServerHooks();          // on_server_started, on_server_keepalive, on_server_exited
        app.MapRecordingHooks();       // on_record_mp4, on_record_ts
        app.MapOperatorApi()           // /api/*: the admin key; 503 without storage
            .MapRecordingsApi()
            .MapStreamsApi()
            .MapServersApi()
            .MapAccessApi()            // rules, tokens, RTSP and shell users, "what would happen"
            .MapActivityApi()
            .MapPlayUrlsApi();
        app.MapOperatorConsole();      // /console: the page, which asks for the admin key
        app.MapOutboxTimer();          // the Functions host's timer re-publishes the event outbox
        return app;
    }

    /// <summary>The handler app. <paramref name="configure"/> lets tests add settings and services first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, HostingEnvironment? hosting = null)
    {
        hosting ??= HostingEnvironment.FromEnvironment();
        var builder = HandlerHost.CreateBuilder(args, hosting);
        configure?.Invoke(builder);
        UnresolvedSecrets.Refuse(builder.Configuration);
        builder.AddZlmHooks();
        HandlerHost.Listen(builder, hosting);
        return builder.Build().MapZlmHooks();
    }
}
