namespace ZlmHooks.Streams;

/// <summary>What the stream policies log beside the hook call's own line.</summary>
internal static partial class StreamsLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "on-demand pull of {Stream}: started={Started}, {Detail}")]
    public static partial void Pull(ILogger logger, string stream, bool started, string detail);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "idle stream {Vhost}/{App}/{Stream} ({Schema}): close={Close} by {RuleId}")]
    public static partial void Idle(ILogger logger, string? vhost, string? app, string? stream, string? schema, bool close, string ruleId);
}
