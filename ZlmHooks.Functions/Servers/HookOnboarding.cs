using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
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
public sealed class HookOnboarding(HookCatalog catalog, IHttpClientFactory clients, IOptions<RegistryOptions> options, ILogger<HookOnboarding> logger)
{
    private const string Started = "on_server_started";

    public async Task ConfigureAsync(string server, IReadOnlyDictionary<string, string?> config, CancellationToken cancellationToken)
    {
        if (!options.Value.ConfigureHooks) return;
        if (!options.Value.MediaServers.TryGetValue(server, out var api) || string.IsNullOrEmpty(api.ApiBase))
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

        changes["secret"] = api.Secret;
        var url = QueryHelpers.AddQueryString(api.ApiBase.TrimEnd('/') + "/index/api/setServerConfig", changes);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PullTimeoutMilliseconds);
        try
        {
            using var client = clients.CreateClient(StreamPuller.ClientName);
            using var response = await client.GetAsync(url, timeout.Token);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            var code = json.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : -1;
            ServersLog.Onboarding(logger, server, code == 0
                ? $"set {changes.Count - 1} hook settings through setServerConfig"
                : $"setServerConfig refused: code {code} {(json.RootElement.TryGetProperty("msg", out var m) ? m.GetString() : "")}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            // The URL carries the secret and the key: only the kind of failure is logged.
            ServersLog.Onboarding(logger, server, e is OperationCanceledException
                ? $"setServerConfig did not answer in {options.Value.PullTimeoutMilliseconds} ms"
                : $"setServerConfig failed: {e.GetType().Name}");
        }
    }

    private static bool Same(string? current, string wanted) =>
        string.Equals(current, wanted, StringComparison.Ordinal)
        || (double.TryParse(current, System.Globalization.CultureInfo.InvariantCulture, out var a)
            && double.TryParse(wanted, System.Globalization.CultureInfo.InvariantCulture, out var b) && a == b);
}
