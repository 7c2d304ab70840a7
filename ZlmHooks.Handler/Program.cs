using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using ZlmHooks.Cli;
using ZlmHooks.Hooks;
using ZlmHooks.Hosting;

namespace ZlmHooks;

/// <summary>The standalone handler (Native AOT): the hooks on Kestrel with no arguments (how the Functions
/// host starts a custom handler, and ./run.sh) or with <c>serve</c>; the operator's admin commands when
/// one is named; any other word is an error, never a reason to serve. In Azure it is the custom-handler
/// deployment; here, ./run.sh and ./zlm (which sets ZLMHOOKS_CLI: admin commands only).</summary>
public static partial class Program
{
    public static Task<int> Main(string[] args) =>
        RunAsync(args, Environment.GetEnvironmentVariable(AdminCommands.CliNameVariable) is { Length: > 0 } name ? name : null);

    /// <param name="args">The command line.</param>
    /// <param name="cliName">Set by ./zlm: admin commands only, under this name.</param>
    /// <param name="output">Where admin commands write; default the console.</param>
    /// <param name="error">Where errors and the start banner go; default the console's error stream.</param>
    /// <param name="stop">Stops the server (tests); Ctrl+C and SIGTERM do too.</param>
    public static Task<int> RunAsync(string[] args, string? cliName = null, TextWriter? output = null, TextWriter? error = null, CancellationToken stop = default)
    {
        error ??= Console.Error;
        if (cliName is null && (args.Length == 0 || IsSetting(args[0])))
            return ServeAsync(args, error, stop);
        return AdminCommands.RunAsync(cliName is not null && args.Length == 0 ? ["--help"] : args, output, name: cliName,
            serve: cliName is null ? rest => ServeAsync(rest, error, stop) : null, error: error);
    }

    /// <summary>A configuration argument (<c>--ZlmHooks:Urls=...</c>): the server's, as for <c>serve</c>.</summary>
    private static bool IsSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Split('=')[0].Contains(':', StringComparison.Ordinal);

    private static async Task<int> ServeAsync(string[] args, TextWriter error, CancellationToken stop)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (StartupRefusedException refused)
        {
            await error.WriteLineAsync($"ZlmHooks cannot start: {refused.Message}");
            return 3;
        }
        await using (app)
        {
            var phase = app.Services.GetRequiredService<StartPhase>();
            phase.Starting = true;
            try
            {
                await app.StartAsync(stop);
            }
            catch (IOException e) when (e.InnerException is AddressInUseException)
            {
                await error.WriteLineAsync($"ZlmHooks cannot start: {AddressInUse(e.Message)}");
                // The services that did start (the outbox drainer's timer) stop as on Ctrl+C, still quietly.
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await app.StopAsync(grace.Token);
                return 3;
            }
            phase.Starting = false;
            // After the start, Urls holds the server's real addresses (the port it got for port 0).
            var hosting = app.Services.GetRequiredService<HostingEnvironment>();
            if (!hosting.UnderFunctionsHost)
                await error.WriteLineAsync(Banner(app.Urls));
            await app.WaitForShutdownAsync(stop);
        }
        return 0;
    }

    /// <summary>Kestrel's "Failed to bind to address http://127.0.0.1:7071: address already in use." as
    /// what to do about it.</summary>
    internal static string AddressInUse(string message) =>
        BindFailure().Match(message) is { Success: true } m && Uri.TryCreate(m.Groups["url"].Value, UriKind.Absolute, out var url)
            ? $"port {url.Port} is in use (is ./run.sh already running?): stop what listens there, or set ZlmHooks__Urls to another address, e.g. {url.Scheme}://{url.Host}:{(url.Port == 7071 ? 7072 : url.Port + 1)}"
            : "the address to listen on is in use (is ./run.sh already running?): stop what listens there, or set ZlmHooks__Urls to another address";

    [GeneratedRegex(@"address (?<url>\S+): address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BindFailure();

    /// <summary>The start line: where the server really listens (its addresses after the start, so
    /// ZlmHooks__Urls=http://0.0.0.0:7071 shows 0.0.0.0, and port 0 the port it got).</summary>
    internal static string Banner(IEnumerable<string> addresses)
    {
        var list = addresses.ToList();
        var everywhere = list.Any(a => a.Contains("://0.0.0.0:", StringComparison.Ordinal) || a.Contains("://[::]:", StringComparison.Ordinal));
        var local = list.Select(a => a.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://[::]:", "://[::1]:", StringComparison.Ordinal)).FirstOrDefault();
        return $"ZlmHooks listens on {string.Join(", ", list)}{(everywhere ? " (every address of this machine)" : "")}"
            + (local is null ? "" : $"; the console: {local.TrimEnd('/')}/console") + "; Ctrl+C stops it";
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
        var app = builder.Build();
        app.UseHookKernel();           // answers in the hooks' shape, routing, then each route's credential
        app.MapZlmHooks();
        return app;
    }
}
