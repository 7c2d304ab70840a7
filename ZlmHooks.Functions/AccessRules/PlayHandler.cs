using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_play: may this client watch this stream, over this schema and protocol?</summary>
public sealed class PlayHandler(StreamAccess access) : IHookHandler<PlayRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(PlayRequest request, CancellationToken cancellationToken)
    {
        var decision = await access.DecideAsync("on_play", access.Query(RuleActions.Play, request), cancellationToken);
        return decision.Allowed ? HookReply.Success : HookReply.Refuse(StreamAccess.Denied(decision));
    }
}
