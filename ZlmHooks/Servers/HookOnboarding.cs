using Microsoft.Extensions.Options;
using ZlmHooks.Deployment;
using ZlmHooks.Hooks;
using ZlmHooks.Streams;

namespace ZlmHooks.Servers;

/// <summary>
/// Fleet onboarding (<c>ZlmHooks__Registry__ConfigureHooks</c>): a MediaServer configured with one hook
/// URL, <c>on_server_started</c>, gets the rest of its <c>[hook]</c> section through its REST API
/// (<c>setServerConfig</c>) when it starts. The hook URLs are made from the one it used to reach us,
/// query (<c>?code=</c>) and all, so ZlmHooks needs no copy of the function key; only the settings that
/// differ from <see cref="HookConfig"/>'s are sent, so a configured server gets no call. Its own
/// <c>alive_interval</c> stays: the server's health was judged by it from this very start.
/// </summary>
public sealed class HookOnboarding(HookCatalog catalog, MediaServerRest rest, IOptions<RegistryOptions> options, ILogger<HookOnboarding> logger)
{
    private const string Started = "on_server_started";

    public bool Enabled => options.Value.ConfigureHooks;

    /// <param name="config">The server's configuration as it sent it (the hook URLs with their query).</param>
    public async Task ConfigureAsync(string server, IReadOnlyDictionary<string, string?> config, CancellationToken cancellationToken)
    {
        if (!Enabled) return;
        if (rest.For(server) is not { } api)
        {
            ServersLog.Onboarding(logger, server, $"not configured: no REST API for it (ZlmHooks__Registry__MediaServers__{server}__ApiBase)");
            return;
        }
        var reachedUs = config.GetValueOrDefault($"hook.{Started}") ?? "";
        var route = "/" + catalog.All.Single(h => h.Name == Started).Route;
        var q = reachedUs.IndexOf('?', StringComparison.Ordinal);
        var (path, query) = q >= 0 ? (reachedUs[..q], reachedUs[q..]) : (reachedUs, "");
        if (!path.EndsWith(route, StringComparison.Ordinal) || !Uri.TryCreate(path, UriKind.Absolute, out _))
        {
            ServersLog.Onboarding(logger, server, $"not configured: its hook.{Started} does not end in {route}, so the other hooks' URLs cannot be made from it");
            return;
        }
        var root = path[..^route.Length];
        var current = config.GetValueOrDefault("hook.alive_interval");
        var alive = double.TryParse(current, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 10;
        var changes = HookConfig.Values(catalog, hook => $"{root}/{hook.Route}{query}", alive)
            .Where(kv => kv.Key != "alive_interval" || string.IsNullOrEmpty(current))
            .Where(kv => !Same(config.GetValueOrDefault($"hook.{kv.Key}"), kv.Value))
            .ToDictionary(kv => $"hook.{kv.Key}", kv => (string?)kv.Value, StringComparer.Ordinal);
        if (changes.Count == 0) return;

        var answer = await rest.CallAsync(api, "setServerConfig", changes, cancellationToken);
        ServersLog.Onboarding(logger, server, answer switch
        {
            { Failure: { } failure } => failure,
            { Code: 0 } => $"set {changes.Count} hook settings through setServerConfig",
            _ => $"setServerConfig refused: code {answer.Code} {answer.Msg}",
        });
    }

    private static bool Same(string? current, string wanted) =>
        string.Equals(current, wanted, StringComparison.Ordinal)
        || (double.TryParse(current, System.Globalization.CultureInfo.InvariantCulture, out var a)
            && double.TryParse(wanted, System.Globalization.CultureInfo.InvariantCulture, out var b) && a == b);
}
