using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>
/// The stream policies that share the rule table (<c>idle</c> rules for on_stream_none_reader,
/// <c>pull</c> rules for on_stream_not_found): the most specific matching rule, read within the
/// decision budget. A policy has a safe default, so a store that cannot answer means "no rule",
/// logged, never a failed hook.
/// </summary>
public sealed partial class RuleLookup(RuleStore rules, DecisionBudget budget, TimeProvider clock, ILogger<RuleLookup> logger)
{
    public async Task<AccessRule?> MatchAsync(string action, StreamHookRequest request, ClientStreamHookRequest? client, HookContext context)
    {
        var vhost = StreamHookRequest.VhostOrDefault(request.Vhost);
        var query = new AccessQuery(action, vhost, request.App!, request.Stream!, request.MediaServerId, request.Schema, client?.Protocol, client?.Ip, request.Params, clock.GetUtcNow());
        try
        {
            return await budget.RunAsync(async token => RuleMatcher.Decide(await rules.StreamRulesAsync(action, vhost, request.App!, request.Stream!, token), query), context.Aborted);
        }
        catch (StoreUnavailableException e)
        {
            RulesUnavailable(logger, context.Hook.Name, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "{Hook}: the rule store could not be read ({Reason}); answering the default")]
    private static partial void RulesUnavailable(ILogger logger, string hook, string reason);
}
