using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

public static class StreamEventsSetup
{
    public static TimerFunction OutboxDrain { get; } = new("outbox_drain", "*/30 * * * * *", "Re-publishes events waiting in the outbox (also done in the background).");

    /// <summary>Every notification as a CloudEvent through Event Grid (or, with no topic, the local queue),
    /// made durable before the hook is answered (docs/events.md); decision audit events off the auth
    /// path. Publishing needs storage (the outbox and the id table): without it no event is published.</summary>
    public static IHostApplicationBuilder AddStreamEvents(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EventsOptions>().Bind(builder.Configuration.GetSection($"{ZlmHooksOptions.Section}:Events"))
            .Validate(o => string.IsNullOrEmpty(o.TopicEndpoint) || Uri.TryCreate(o.TopicEndpoint, UriKind.Absolute, out _), "ZlmHooks__Events__TopicEndpoint must be an absolute URL.")
            .Validate(o => o.TopicEventsPerSecond >= 10, "ZlmHooks__Events__TopicEventsPerSecond must be at least 10.")
            .Validate(o => o.TopicBytesPerSecond >= 2 * EventGridSink.MaxBatchBytes, "ZlmHooks__Events__TopicBytesPerSecond must be at least 2000000 (two 1 MB requests).")
            .ValidateOnStart();
        services.AddTimerFunction(OutboxDrain);
        services.AddStorageTable(Outbox.Table);
        services.AddStorageTable(EventIdentity.Table);
        services.AddStorageResource(StorageResourceKind.Queue, sp => sp.GetRequiredService<IOptions<EventsOptions>>().Value is { TopicEndpoint: null or "" } o ? o.QueueName : null);

        if (!builder.HasStorage()) return builder;
        services.AddSingleton<IEventSink>(sp => string.IsNullOrEmpty(sp.GetRequiredService<IOptions<EventsOptions>>().Value.TopicEndpoint)
            ? ActivatorUtilities.CreateInstance<QueueSink>(sp)
            : ActivatorUtilities.CreateInstance<EventGridSink>(sp));
        services.AddSingleton<TopicLimiter>();
        services.AddSingleton<PublishBatcher>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<EventIdentity>();
        services.AddSingleton<EventPublisher>();
        services.AddHookFilter<EventStep>();
        services.AddHookFilter<AuditEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditEvents>());
        services.AddSingleton<OutboxDrainer>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDrainer>());
        return builder;
    }

    /// <summary>The timer function's invocation (custom handler, non-HTTP trigger): POST /outbox_drain
    /// from the Functions host, answered with the invocation result the host expects. Mapped only
    /// under the host, whose handler port only the host reaches (it sends no key).</summary>
    public static IEndpointRouteBuilder MapOutboxTimer(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<Hosting.HostingEnvironment>().CustomHandlerPort is not null)
            app.MapPost("/" + OutboxDrain.Name, DrainAsync).WithName(OutboxDrain.Name).RequireCredential(RouteCredential.FunctionsHost);
        return app;
    }

    private static async Task DrainAsync(HttpContext http)
    {
        var drained = http.RequestServices.GetService<OutboxDrainer>() is { } drainer ? await drainer.DrainAsync(http.RequestAborted) : 0;
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"Outputs":{},"Logs":["outbox: {{drained}} event(s) re-published"],"ReturnValue":null}""");
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
