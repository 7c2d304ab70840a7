using Microsoft.Extensions.Options;
using ZlmHooks.AccessRules;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_stream_none_reader: nobody watches a stream; the most specific <c>idle</c> rule says
/// whether to close it, else ZlmHooks__CloseIdleStreams (false: keep it, ZLMediaKit's own default).</summary>
public sealed class StreamNoneReaderHandler(RuleLookup rules, IOptions<ZlmHooksOptions> options, ILogger<StreamNoneReaderHandler> logger)
    : IHookHandler<StreamNoneReaderRequest, StreamNoneReaderReply>
{
    public async ValueTask<StreamNoneReaderReply> HandleAsync(StreamNoneReaderRequest request, HookContext context)
    {
        var rule = await rules.MatchAsync(RuleActions.Idle, request, null, context);
        var close = rule?.Close ?? options.Value.CloseIdleStreams;
        StreamsLog.Idle(logger, request.Vhost, request.App, request.Stream, request.Schema, close, rule?.Id ?? "default");
        return new StreamNoneReaderReply { Code = 0, Msg = "success", Close = close };
    }
}
