using ZlmHooks.AccessRules;
using ZlmHooks.Events;
using ZlmHooks.Hooks;
using ZlmHooks.OperatorConsole;
using ZlmHooks.RecentActivity;
using ZlmHooks.Recordings;
using ZlmHooks.Servers;
using ZlmHooks.Storage;
using ZlmHooks.Streams;
using ZlmHooks.Telemetry;

namespace ZlmHooks;

/// <summary>ZlmHooks: ZLMediaKit's web hooks answered on Azure Functions. What it does and where it
/// answers, the same under both hosts: the isolated worker (ZlmHooks.Functions) and the standalone
/// Native AOT handler (ZlmHooks.Handler).</summary>
public static class ZlmHooksApp
{
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

    /// <summary>Where it answers: every route, each with the credential that opens it.</summary>
    public static IEndpointRouteBuilder MapZlmHooks(this IEndpointRouteBuilder app)
    {
        app.MapHookKernel();           // GET / for the Functions host, /healthz
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
        app.MapOutboxTimer();          // the Functions host's timer re-publishes the event outbox (custom handler)
        return app;
    }
}
