using System.Collections.Concurrent;
using ZlmHooks.AccessRules;

namespace ZlmHooks.Streams;

/// <summary>
/// Pulls a missing stream on demand: calls the media server's REST API <c>/index/api/addStreamProxy</c>
/// with the pull rule's source. MediaServer sends on_stream_not_found once per waiting player, so
/// concurrent requests for one stream share one API call, and its result is reused for a few seconds.
/// The api.secret is sent as the API requires and never logged.
/// </summary>
public sealed class StreamPuller(MediaServerRest rest, TimeProvider clock, ILogger<StreamPuller> logger)
{
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
        if (rest.For(server) is not { } api)
            return Logged(new PullResult(false, $"no REST API configured for media server '{server}' (ZlmHooks__Registry__MediaServers__{server}__ApiBase)"), stream);

        var source = rule.SourceUrl!.Replace("$vhost", vhost, StringComparison.Ordinal).Replace("$app", app, StringComparison.Ordinal).Replace("$stream", stream, StringComparison.Ordinal);
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["vhost"] = vhost, ["app"] = app, ["stream"] = stream, ["url"] = source,
        };
        foreach (var (k, v) in rule.PullOptions ?? []) query.TryAdd(k, v);

        // Not the caller's token: concurrent players share this call, and one leaving must not cancel it.
        var answer = await rest.CallAsync(api, "addStreamProxy", query, CancellationToken.None);
        if (answer.Failure is { } failure) return Logged(new PullResult(false, failure), stream);
        if (answer.Code == 0) return Logged(new PullResult(true, "pull started"), stream);
        if (answer.Msg.Contains("already exists", StringComparison.OrdinalIgnoreCase)) return Logged(new PullResult(true, "already being pulled"), stream);
        return Logged(new PullResult(false, $"addStreamProxy refused: code {answer.Code} {answer.Msg}"), stream);
    }

    private PullResult Logged(PullResult result, string stream)
    {
        StreamsLog.Pull(logger, stream, result.Started, result.Detail);
        return result;
    }
}
