using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>What the publish, play and RTSP handlers share: turning a hook body into a query and a
/// decision into an audited answer, with a store outage answered as a denial.</summary>
public sealed class StreamAccess(AccessPolicy policy, AccessLog log)
{
    public AccessQuery Query(string action, ClientStreamHookRequest request) => new(
        action,
        StreamHookRequest.VhostOrDefault(request.Vhost),
        request.App!, request.Stream!, request.MediaServerId, request.Schema, request.Protocol, request.Ip, request.Params, policy.Now);

    /// <summary>Decides, notes the decision on the call's log line, and never throws for a store
    /// outage: that is a denial.</summary>
    public async Task<AccessDecision> DecideAsync(HookContext context, AccessQuery query)
    {
        try
        {
            var decision = await policy.DecideAsync(query, context.Aborted);
            context.Note(query.Ip, decision.RuleId, decision.Reason);
            return decision;
        }
        catch (StoreUnavailableException e)
        {
            log.StoreUnavailable(context.Hook.Name, query.Vhost, query.App, query.Stream, query.Ip, e.Message);
            return new AccessDecision(false, null, "the access rule store is unavailable; try again shortly");
        }
    }

    public static string Denied(AccessDecision decision) => "denied: " + decision.Reason;
}
