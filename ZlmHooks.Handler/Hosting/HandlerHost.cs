namespace ZlmHooks.Hosting;

/// <summary>
/// The web host the handler runs in: the same under <c>func start</c>, in Azure behind the Functions
/// host (which sets the port), and on its own with <c>dotnet run</c>. Kestrel, settings and logging;
/// what the app does is added by <see cref="Program"/>.
/// </summary>
public static class HandlerHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args, HostingEnvironment hosting)
    {
        // The content root is the app's own folder, not the working directory, and no configuration file
        // is watched: the app has none to reload, and a watcher on a working directory such as a
        // checkout with node_modules adds an inotify watch per folder (thousands, ~150 ms of start-up).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (!hosting.UnderFunctionsHost)
            LocalSettings.AddTo(builder.Configuration);
        builder.Services.AddSingleton(hosting);
        var phase = new StartPhase();
        builder.Services.AddSingleton(phase);

        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        // ASP.NET Core's request-start/finish lines carry the full URL, and so ?code= (the function
        // key). Hook calls are logged by HookLog instead, without query strings. Off entirely: while
        // this category logs anything, the host builds an Activity and a log scope for every request
        // (about a tenth of a warm on_play's CPU; docs/benchmarks.md). Failures are logged by Kestrel's
        // own category and by HookLog.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", level => level >= LogLevel.Warning);
        // "Write content with HTTP Response ContentType" for every GET / readiness poll of the host.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", level => level >= LogLevel.Warning);
        // Four lines per outgoing call (MediaServer's REST API, the JWT issuer's keys); ours say what matters.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", level => level >= LogLevel.Warning);
        // A start that fails (a port in use) is said in one line by Program, not as the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Information && !(phase.Starting && level >= LogLevel.Error));
        // On its own the handler says where it listens in one line (Program's banner) instead of the
        // host's four ("Now listening on", "Application started", environment, content root).
        if (!hosting.UnderFunctionsHost)
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", level => level >= LogLevel.Warning);
        // One line per entry (the host and log collectors read stdout line by line); configurable as usual.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; o.UseUtcTimestamp = true; });
        // Batched unless ZLMHOOKS_CONSOLE=stock (environment only): the benchmark compares the two
        // (docs/benchmarks.md) to show the batched writer still pays for itself.
        if (Environment.GetEnvironmentVariable("ZLMHOOKS_CONSOLE") != "stock")
            Logging.BatchedConsoleLoggerProvider.ReplaceConsoleProvider(builder.Services);
        return builder;
    }

    /// <summary>Where to listen: the Functions host's port, else ZlmHooks__Urls. Read after the caller's
    /// configuration is in.</summary>
    public static void Listen(WebApplicationBuilder builder, HostingEnvironment hosting) =>
        builder.WebHost.UseUrls(hosting.CustomHandlerPort is { } port
            ? $"http://127.0.0.1:{port}"
            : builder.Configuration[$"{ZlmHooksOptions.Section}:{nameof(ZlmHooksOptions.Urls)}"] ?? new ZlmHooksOptions().Urls);
}

/// <summary>Whether the server is starting (or failed to): meanwhile the host's own errors ("Hosting
/// failed to start", a stack trace) are left to Program, which says it in one line.</summary>
public sealed class StartPhase
{
    private volatile bool _starting;

    public bool Starting { get => _starting; set => _starting = value; }
}
