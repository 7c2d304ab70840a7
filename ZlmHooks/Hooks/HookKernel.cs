using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>The hook kernel, which knows no feature: the catalog the features fill, the pipeline every
/// call goes through, the function-key check, the one payload cleaning, logging and metrics.</summary>
public static class HookKernel
{
    /// <summary>The kernel's own routes, open to anyone: the host's probe and the health check.</summary>
    public static IReadOnlyList<string> OpenRoutes { get; } = ["", "healthz"];

    public static IHostApplicationBuilder AddHookKernel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ZlmHooksOptions>()
            .Bind(builder.Configuration.GetSection(ZlmHooksOptions.Section))
            .Validate(o => o.AuthDefault == AuthDefault.Deny || o.DevelopmentMode,
                "ZlmHooks__AuthDefault=Allow needs ZlmHooks__DevelopmentMode=true: it lets every client in.")
            .Validate(o => o.MaxBodyBytes is >= 1024 and <= 16 * 1024 * 1024, "ZlmHooks__MaxBodyBytes must be between 1 KiB and 16 MiB.")
            .Validate(o => o.NotificationBudgetMilliseconds is >= 100 and <= 120_000, "ZlmHooks__NotificationBudgetMilliseconds must be between 100 and 120,000 (keep it below MediaServer's hook.timeoutSec).")
            .ValidateOnStart();
        services.AddOptions<RedactionOptions>().Bind(builder.Configuration.GetSection($"{ZlmHooksOptions.Section}:Events"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(HostingEnvironment.FromEnvironment());
        services.AddMetrics();
        services.AddSingleton<HookCatalog>();
        services.AddSingleton<CatalogFiles>();
        services.AddSingleton<Redaction>();
        services.AddSingleton<HookLog>();
        services.AddSingleton<HookTelemetry>();
        services.AddSingleton<FunctionKeys>();
        services.AddSingleton<AdminKeys>();
        services.AddSingleton<CredentialCheck>();
        services.TryAddSingleton<IServerLifetimes, UnknownServerLifetimes>();
        return builder;
    }

    /// <summary>The web pipeline of a host that owns it (the standalone handler): a body-less error
    /// status answered in the hooks' shape, routing, then the matched route's credential. The isolated
    /// worker's pipeline is the host's own; there each function checks the same credential itself.</summary>
    public static IApplicationBuilder UseHookKernel(this IApplicationBuilder app)
    {
        app.UseMiddleware<StatusReplyMiddleware>();
        // Routing first, so the credential check reads the matched endpoint's, not the path.
        app.UseRouting();
        app.UseMiddleware<CredentialMiddleware>();
        return app;
    }

    /// <summary>The two routes that need no key: <c>GET /</c>, which the Functions host polls until
    /// the handler answers, and <c>/healthz</c>.</summary>
    public static IEndpointRouteBuilder MapHookKernel(this IEndpointRouteBuilder app)
    {
        // Resolved now so a missing key stops the start-up, not the first hook call.
        var services = app.ServiceProvider;
        var keys = services.GetRequiredService<FunctionKeys>();
        var adminKeys = services.GetRequiredService<AdminKeys>();
        var hosting = services.GetRequiredService<HostingEnvironment>();
        var options = services.GetRequiredService<IOptions<ZlmHooksOptions>>().Value;
        var log = services.GetRequiredService<HookLog>();
        if (!keys.Required && hosting.HostChecksKeys) log.HostChecksKeys();
        else if (!keys.Required) log.RunningWithoutKey();
        if (options.AuthDefault == AuthDefault.Allow) log.AllowingByDefault();
        if (adminKeys.Open) log.AdminApiOpen();
        else if (!adminKeys.Configured) log.AdminApiClosed();

        // Cheap and uninformative: the host only needs an answer.
        app.MapGet("/" + OpenRoutes[0], () => Results.Text("ZlmHooks")).RequireCredential(RouteCredential.None);
        app.MapGet("/" + OpenRoutes[1], () => Results.Text("ok")).RequireCredential(RouteCredential.None);
        return app;
    }
}
