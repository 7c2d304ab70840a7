using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_publish: may this client push this stream? On allow, the rule's protocol options
/// (HLS, MP4 recording, ...) go back with the answer; options the rule leaves out are left out of
/// the reply, so MediaServer's [protocol] config applies to them.</summary>
public sealed class PublishHandler(StreamAccess access) : IHookHandler<PublishRequest, PublishReply>
{
    public async ValueTask<PublishReply> HandleAsync(PublishRequest request, HookContext context)
    {
        var decision = await access.DecideAsync(context, access.Query(RuleActions.Publish, request));
        if (!decision.Allowed)
            return new PublishReply { Code = HookReply.Refused, Msg = StreamAccess.Denied(decision) };
        return (decision.Rule?.Options ?? new PublishReply()) with { Code = 0, Msg = "success" };
    }
}
