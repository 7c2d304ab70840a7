using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

public static class EventsSetup
{
    /// <summary>Publishing needs storage (the outbox and the id table); without it no events are published.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorage(configuration);
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection($"{ZlmHooksOptions.Section}:Events"))
            .Validate(o => string.IsNullOrEmpty(o.TopicEndpoint) || Uri.TryCreate(o.TopicEndpoint, UriKind.Absolute, out _), "ZlmHooks__Events__TopicEndpoint must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<Redaction>();
        if (!StorageSetup.IsConfigured(configuration)) return services;

        services.AddSingleton<IEventSink>(sp => string.IsNullOrEmpty(sp.GetRequiredService<IOptions<EventsOptions>>().Value.TopicEndpoint)
            ? ActivatorUtilities.CreateInstance<QueueSink>(sp)
            : ActivatorUtilities.CreateInstance<EventGridSink>(sp));
        services.AddSingleton<Outbox>();
        services.AddSingleton<EventIdentity>();
        services.AddSingleton<NotificationTickets>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<IHookObserver>(sp => sp.GetRequiredService<EventPublisher>());
        services.AddSingleton<OutboxDrainer>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDrainer>());
        services.AddSingleton<AuditEvents>();
        services.AddSingleton<IHookObserver>(sp => sp.GetRequiredService<AuditEvents>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditEvents>());
        return services;
    }

    /// <summary>The timer function's invocation (custom handler, non-HTTP trigger): POST /outbox_drain
    /// from the Functions host, answered with the invocation result the host expects.</summary>
    public static void MapOutboxTimer(IEndpointRouteBuilder routes)
    {
        var timer = TimerCatalog.All.Single(t => t.Name == "outbox_drain");
        routes.MapPost("/" + timer.Name, DrainAsync).WithName(timer.Name);
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
