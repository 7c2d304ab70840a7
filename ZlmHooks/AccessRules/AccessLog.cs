namespace ZlmHooks.AccessRules;

/// <summary>What the access decisions log beside the hook call's own line (which carries every
/// decision: <see cref="Hooks.HookContext.Note"/>). It has no parameter for params, tokens,
/// signatures, passwords or HA1, so none can be logged by mistake.</summary>
public sealed partial class AccessLog(ILogger<AccessLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "access {Hook} {Vhost}/{App}/{Stream} from {ClientIp}: deny, rule store unavailable: {Reason}")]
    public partial void StoreUnavailable(string hook, string? vhost, string? app, string? stream, string? clientIp, string reason);
}
