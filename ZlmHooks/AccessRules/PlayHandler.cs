using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_play: may this client watch this stream, over this schema and protocol?</summary>
public sealed class PlayHandler(StreamAccess access) : IHookHandler<PlayRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(PlayRequest request, HookContext context)
    {
        var decision = await access.DecideAsync(context, access.Query(RuleActions.Play, request));
        return decision.Allowed ? HookReply.Success : HookReply.Refuse(StreamAccess.Denied(decision));
    }
}
