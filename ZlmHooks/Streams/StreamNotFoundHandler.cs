using ZlmHooks.AccessRules;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_stream_not_found: a player asked for a stream that is not there. When a <c>pull</c> rule
/// matches, ask the media server to pull it (addStreamProxy) and let the player wait for it
/// (<c>close: false</c>); otherwise let it wait too, in case the stream is about to be pushed.</summary>
public sealed class StreamNotFoundHandler(RuleLookup rules, StreamPuller puller) : IHookHandler<StreamNotFoundRequest, StreamNotFoundReply>
{
    public async ValueTask<StreamNotFoundReply> HandleAsync(StreamNotFoundRequest request, HookContext context)
    {
        var rule = await rules.MatchAsync(RuleActions.Pull, request, request, context);
        if (rule is null) return new StreamNotFoundReply { Code = 0, Msg = "no pull rule; waiting for the stream", Close = false };
        var vhost = StreamHookRequest.VhostOrDefault(request.Vhost);
        var result = await puller.PullAsync(request.MediaServerId ?? "", vhost, request.App!, request.Stream!, rule, context.Aborted);
        return new StreamNotFoundReply { Code = 0, Msg = result.Detail, Close = false };
    }
}
