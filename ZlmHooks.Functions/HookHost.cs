using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using ZlmHooks.AccessRules;
using ZlmHooks.Events;
using ZlmHooks.Hooks;
using ZlmHooks.Recordings;
using ZlmHooks.Streams;
using ZlmHooks.Security;

namespace ZlmHooks;

/// <summary>Builds the web app that answers the hooks: the same app under <c>func start</c>, in
/// Azure behind the Functions host, and on its own with <c>dotnet run</c>.</summary>
public static class HookHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, HostingEnvironment? hosting = null)
    {
        hosting ??= HostingEnvironment.FromEnvironment();
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

        // First, so a caller's configuration and services are in place before the features read them.
        configure?.Invoke(builder);

        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        // ASP.NET Core's request-start/finish lines carry the full URL, and so ?code= (the function
        // key). Hook calls are logged by HookLog instead, without query strings.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level => level >= LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", level => level >= LogLevel.Warning);
        // One line per entry (the host and log collectors read stdout line by line); configurable as usual.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; o.UseUtcTimestamp = true; });
        Logging.BatchedConsoleLoggerProvider.ReplaceConsoleProvider(builder.Services);
        var services = builder.Services;
        services.AddSingleton(hosting);
        services.AddOptions<ZlmHooksOptions>()
            .Bind(builder.Configuration.GetSection(ZlmHooksOptions.Section))
            .Validate(o => o.AuthDefault == AuthDefault.Deny || o.DevelopmentMode,
                "ZlmHooks__AuthDefault=Allow needs ZlmHooks__DevelopmentMode=true: it lets every client in.")
            .Validate(o => o.MaxBodyBytes is >= 1024 and <= 16 * 1024 * 1024, "ZlmHooks__MaxBodyBytes must be between 1 KiB and 16 MiB.")
            .ValidateOnStart();
        services.AddSingleton<FunctionKeys>();
        services.AddSingleton<HookLog>();
        services.AddSingleton<HookServices>();
        services.AddDefaultAnswers();
        services.AddAccessRules(builder.Configuration);
        services.AddRecordings(builder.Configuration);
        services.AddEvents(builder.Configuration);
        services.AddRegistry(builder.Configuration);

        builder.WebHost.UseUrls(hosting.CustomHandlerPort is { } port
            ? $"http://127.0.0.1:{port}"
            : builder.Configuration[$"{ZlmHooksOptions.Section}:{nameof(ZlmHooksOptions.Urls)}"] ?? new ZlmHooksOptions().Urls);

        var app = builder.Build();
        // Resolve now so a missing key stops the start-up, not the first hook call.
        var keys = app.Services.GetRequiredService<FunctionKeys>();
        var options = app.Services.GetRequiredService<IOptions<ZlmHooksOptions>>().Value;
        var log = app.Services.GetRequiredService<HookLog>();
        if (!keys.Required && hosting.HostChecksKeys) log.HostChecksKeys();
        else if (!keys.Required) log.RunningWithoutKey();
        if (options.AuthDefault == AuthDefault.Allow) log.AllowingByDefault();

        app.UseMiddleware<FunctionKeyMiddleware>();
        // The Functions host polls GET / until the handler answers; keep it cheap and uninformative.
        app.MapGet("/", () => Results.Text("ZlmHooks"));
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapHooks(app.Configuration);
        if (!IsDisabled(app.Configuration, "api_recordings")) RecordingsApi.Map(app);
        RegistrySetup.MapRegistryApi(app, app.Configuration);
        if (hosting.UnderFunctionsHost) EventsSetup.MapOutboxTimer(app);
        return app;
    }

    /// <summary>Maps each catalog hook to its route, except those switched off with the Functions
    /// app setting <c>AzureWebJobs.&lt;hook&gt;.Disabled=true</c> (404, as the host answers).</summary>
    private static void MapHooks(this IEndpointRouteBuilder routes, IConfiguration configuration)
    {
        foreach (var hook in HookCatalog.All)
        {
            if (IsDisabled(configuration, hook.Name)) continue;
            routes.MapPost("/" + hook.Route, hook.InvokeAsync).WithName(hook.Name);
        }
    }

    internal static bool IsDisabled(IConfiguration configuration, string hook) =>
        bool.TryParse(configuration[$"AzureWebJobs.{hook}.Disabled"] ?? configuration[$"AzureWebJobs:{hook}:Disabled"], out var disabled) && disabled;

    private static void AddDefaultAnswers(this IServiceCollection services)
    {
        services.AddSingleton<DefaultAnswers>();
        foreach (var contract in typeof(DefaultAnswers).GetInterfaces())
            services.AddSingleton(contract, sp => sp.GetRequiredService<DefaultAnswers>());
    }
}

/// <summary>
/// Reads the <c>Values</c> of <c>local.settings.json</c> (the file <c>func start</c> uses) when the
/// handler runs on its own, so one file configures both. Real environment variables win.
/// </summary>
internal static class LocalSettings
{
    public const string FileVariable = "ZLMHOOKS_SETTINGS_FILE";

    public static void AddTo(ConfigurationManager configuration)
    {
        var path = Environment.GetEnvironmentVariable(FileVariable) ?? Find();
        if (path is null || !File.Exists(path)) return;
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path),
            new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values)) return;
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values.EnumerateObject())
            data[value.Name.Replace("__", ":", StringComparison.Ordinal)] = value.Value.ValueKind == System.Text.Json.JsonValueKind.String
                ? value.Value.GetString()
                : value.Value.GetRawText();
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = data });
    }

    // `dotnet run --project` starts in the project folder; the file sits at the app root beside host.json.
    private static string? Find()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "local.settings.json");
            if (File.Exists(candidate)) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "host.json"))) return null;
        }
        return null;
    }
}
