using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ZlmHooks.AccessRules;

namespace ZlmHooks.Streams;

/// <summary>
/// Pulls a missing stream on demand: calls the media server's REST API <c>/index/api/addStreamProxy</c>
/// with the pull rule's source. MediaServer sends on_stream_not_found once per waiting player, so
/// concurrent requests for one stream share one API call, and its result is reused for a few seconds.
/// The api.secret is sent as the API requires and never logged.
/// </summary>
public sealed class StreamPuller(IHttpClientFactory clients, IOptions<RegistryOptions> options, TimeProvider clock, ILogger<StreamPuller> logger)
{
    public const string ClientName = "zlm-api";
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(5);
    private const int MaxRemembered = 1024;
    private readonly ConcurrentDictionary<string, (Lazy<Task<PullResult>> Pull, DateTimeOffset At)> _pulls = new(StringComparer.Ordinal);

    public Task<PullResult> PullAsync(string server, string vhost, string app, string stream, AccessRule rule, CancellationToken cancellationToken)
    {
        var key = $"{server}\n{vhost}\n{app}\n{stream}";
        var now = clock.GetUtcNow();
        var entry = _pulls.AddOrUpdate(key,
            _ => (new Lazy<Task<PullResult>>(() => CallAsync(server, vhost, app, stream, rule)), now),
            (_, existing) => now - existing.At < Reuse ? existing : (new Lazy<Task<PullResult>>(() => CallAsync(server, vhost, app, stream, rule)), now));
        // Keyed by what players ask for: forget the pulls past reuse once there are many (bounded memory).
        if (_pulls.Count > MaxRemembered)
            foreach (var (name, remembered) in _pulls)
                if (now - remembered.At >= Reuse) _pulls.TryRemove(name, out _);
        return entry.Pull.Value.WaitAsync(cancellationToken);
    }

    private async Task<PullResult> CallAsync(string server, string vhost, string app, string stream, AccessRule rule)
    {
        if (!options.Value.MediaServers.TryGetValue(server, out var api) || string.IsNullOrEmpty(api.ApiBase))
            return Logged(new PullResult(false, $"no REST API configured for media server '{server}' (ZlmHooks__Registry__MediaServers__{server}__ApiBase)"), stream);

        var source = rule.SourceUrl!.Replace("$vhost", vhost, StringComparison.Ordinal).Replace("$app", app, StringComparison.Ordinal).Replace("$stream", stream, StringComparison.Ordinal);
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["secret"] = api.Secret, ["vhost"] = vhost, ["app"] = app, ["stream"] = stream, ["url"] = source,
        };
        foreach (var (k, v) in rule.PullOptions ?? []) query.TryAdd(k, v);
        var url = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(api.ApiBase.TrimEnd('/') + "/index/api/addStreamProxy", query);

        using var timeout = new CancellationTokenSource(options.Value.PullTimeoutMilliseconds);
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(url, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode) return Logged(new PullResult(false, $"addStreamProxy answered HTTP {(int)response.StatusCode}"), stream);
            using var json = JsonDocument.Parse(body);
            var code = json.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : -1;
            var msg = json.RootElement.TryGetProperty("msg", out var m) ? m.GetString() ?? "" : "";
            if (code == 0) return Logged(new PullResult(true, "pull started"), stream);
            if (msg.Contains("already exists", StringComparison.OrdinalIgnoreCase)) return Logged(new PullResult(true, "already being pulled"), stream);
            return Logged(new PullResult(false, $"addStreamProxy refused: code {code} {msg}"), stream);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            return Logged(new PullResult(false, e is OperationCanceledException ? $"addStreamProxy did not answer in {options.Value.PullTimeoutMilliseconds} ms" : $"addStreamProxy failed: {e.GetType().Name}"), stream);
        }
    }

    private PullResult Logged(PullResult result, string stream)
    {
        StreamsLog.Pull(logger, stream, result.Started, result.Detail);
        return result;
    }
}
