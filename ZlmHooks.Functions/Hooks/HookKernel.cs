using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>The hook kernel, which knows no feature: the catalog the features fill, the pipeline every
/// call goes through, the function-key check, the one payload cleaning, logging and metrics.</summary>
public static class HookKernel
{
    public static IHostApplicationBuilder AddHookKernel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ZlmHooksOptions>()
            .Bind(builder.Configuration.GetSection(ZlmHooksOptions.Section))
            .Validate(o => o.AuthDefault == AuthDefault.Deny || o.DevelopmentMode,
                "ZlmHooks__AuthDefault=Allow needs ZlmHooks__DevelopmentMode=true: it lets every client in.")
            .Validate(o => o.MaxBodyBytes is >= 1024 and <= 16 * 1024 * 1024, "ZlmHooks__MaxBodyBytes must be between 1 KiB and 16 MiB.")
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
        services.TryAddSingleton<IServerLifetimes, UnknownServerLifetimes>();
        return builder;
    }

    /// <summary>The function-key check in front of every route, and the two routes that need no key:
    /// <c>GET /</c>, which the Functions host polls until the handler answers, and <c>/healthz</c>.</summary>
    public static WebApplication MapHookKernel(this WebApplication app)
    {
        // Resolved now so a missing key stops the start-up, not the first hook call.
        var keys = app.Services.GetRequiredService<FunctionKeys>();
        var hosting = app.Services.GetRequiredService<HostingEnvironment>();
        var options = app.Services.GetRequiredService<IOptions<ZlmHooksOptions>>().Value;
        var log = app.Services.GetRequiredService<HookLog>();
        if (!keys.Required && hosting.HostChecksKeys) log.HostChecksKeys();
        else if (!keys.Required) log.RunningWithoutKey();
        if (options.AuthDefault == AuthDefault.Allow) log.AllowingByDefault();

        // A status the app gives without a body (no such route, a wrong method) still answers in the
        // hooks' shape, so whoever calls sees a readable reason and a non-zero code.
        app.UseStatusCodePages(WriteStatusAsync);
        app.UseMiddleware<FunctionKeyMiddleware>();
        // Cheap and uninformative: the host only needs an answer.
        app.MapGet("/", () => Results.Text("ZlmHooks"));
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }

    private static Task WriteStatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var reason = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => "no such hook or route",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not accepted here: hooks are POSTed",
            var status => $"HTTP {status}",
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(HookReply.Refuse(reason), HookJson.Replies.HookReply);
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body).AsTask();
    }
}
