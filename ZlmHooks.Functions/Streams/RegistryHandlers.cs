using Azure;
using Microsoft.Extensions.Options;
using ZlmHooks.AccessRules;
using ZlmHooks.Events;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Streams;

/// <summary>on_stream_changed: a schema of a stream registered or unregistered; the registry follows.</summary>
public sealed class StreamChangedHandler(StreamRegistry registry, TimeProvider clock) : IHookHandler<StreamChangedRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(StreamChangedRequest request, CancellationToken cancellationToken)
    {
        // A retry keeps the time its first attempt arrived, which is what orders it against other changes.
        var at = NotificationTickets.Current?.Identity.Time ?? clock.GetUtcNow();
        try
        {
            await registry.ApplyAsync(request, at, cancellationToken);
            return HookReply.Success;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or IOException)
        {
            throw new HookUnavailableException($"the stream registry could not be updated ({StorageFailure.Describe(e)}); retry later", e);
        }
    }
}

/// <summary>on_stream_none_reader: nobody watches a stream; the most specific <c>idle</c> rule says
/// whether to close it, else ZlmHooks__CloseIdleStreams (false: keep it, ZLMediaKit's own default).</summary>
public sealed class StreamNoneReaderHandler(RuleStore rules, DecisionBudget budget, IOptions<ZlmHooksOptions> options, TimeProvider clock,
    ILogger<StreamNoneReaderHandler> logger) : IHookHandler<StreamNoneReaderRequest, StreamNoneReaderReply>
{
    public async ValueTask<StreamNoneReaderReply> HandleAsync(StreamNoneReaderRequest request, CancellationToken cancellationToken)
    {
        var rule = await Rules.MatchAsync(rules, budget, RuleActions.Idle, request, null, clock, logger, "on_stream_none_reader", cancellationToken);
        var close = rule?.Close ?? options.Value.CloseIdleStreams;
        RegistryLog.Idle(logger, request.Vhost, request.App, request.Stream, request.Schema, close, rule?.Id ?? "default");
        return new StreamNoneReaderReply { Code = 0, Msg = "success", Close = close };
    }
}

/// <summary>on_stream_not_found: a player asked for a stream that is not there. When a <c>pull</c> rule
/// matches, ask the media server to pull it (addStreamProxy) and let the player wait for it
/// (<c>close: false</c>); otherwise let it wait too, in case the stream is about to be pushed.</summary>
public sealed class StreamNotFoundHandler(RuleStore rules, DecisionBudget budget, StreamPuller puller, TimeProvider clock,
    ILogger<StreamNotFoundHandler> logger) : IHookHandler<StreamNotFoundRequest, StreamNotFoundReply>
{
    public async ValueTask<StreamNotFoundReply> HandleAsync(StreamNotFoundRequest request, CancellationToken cancellationToken)
    {
        var rule = await Rules.MatchAsync(rules, budget, RuleActions.Pull, request, request, clock, logger, "on_stream_not_found", cancellationToken);
        if (rule is null) return new StreamNotFoundReply { Code = 0, Msg = "no pull rule; waiting for the stream", Close = false };
        var vhost = StreamHookRequest.VhostOrDefault(request.Vhost);
        var result = await puller.PullAsync(request.MediaServerId ?? "", vhost, request.App!, request.Stream!, rule, cancellationToken);
        return new StreamNotFoundReply { Code = 0, Msg = result.Detail, Close = false };
    }
}

internal static class Rules
{
    public static async Task<AccessRule?> MatchAsync(RuleStore rules, DecisionBudget budget, string action, StreamHookRequest request, ClientStreamHookRequest? client,
        TimeProvider clock, ILogger logger, string hook, CancellationToken cancellationToken)
    {
        var vhost = StreamHookRequest.VhostOrDefault(request.Vhost);
        var query = new AccessQuery(action, vhost, request.App!, request.Stream!, request.MediaServerId, request.Schema, client?.Protocol, client?.Ip, request.Params, clock.GetUtcNow());
        try
        {
            return await budget.RunAsync(async token => RuleMatcher.Decide(await rules.StreamRulesAsync(action, vhost, request.App!, request.Stream!, token), query), cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            RegistryLog.RulesUnavailable(logger, hook, e.Message);
            return null;
        }
    }
}
