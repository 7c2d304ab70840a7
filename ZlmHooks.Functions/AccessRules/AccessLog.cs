namespace ZlmHooks.AccessRules;

/// <summary>The audit trail of access decisions: who, what, which rule and why. It has no parameter
/// for params, tokens, signatures, passwords or HA1, so none can be logged by mistake.</summary>
public sealed partial class AccessLog(ILogger<AccessLog> logger)
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "access {Hook} {Vhost}/{App}/{Stream} from {ClientIp}: {Decision} by rule {RuleId}: {Reason}")]
    public partial void Decision(string hook, string? vhost, string? app, string? stream, string? clientIp, string decision, string ruleId, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "access {Hook} {Vhost}/{App}/{Stream} from {ClientIp}: deny, rule store unavailable: {Reason}")]
    public partial void StoreUnavailable(string hook, string? vhost, string? app, string? stream, string? clientIp, string reason);

    public void Decided(string hook, string? vhost, string? app, string? stream, string? ip, AccessDecision decision) =>
        Note(hook, vhost, app, stream, ip, decision.Allowed ? "allow" : "deny", decision.RuleId, decision.Reason);

    /// <summary>Adds the decision to the hook call's own log line (<see cref="Hooks.HookNote"/>); logs a
    /// line of its own only outside a hook call.</summary>
    public void Note(string hook, string? vhost, string? app, string? stream, string? ip, string decision, string ruleId, string reason)
    {
        if (Hooks.HookNote.Current is { } note)
        {
            note.ClientIp = ip;
            note.RuleId = ruleId;
            note.Reason = reason;
            return;
        }
        Decision(hook, vhost, app, stream, ip, decision, ruleId, reason);
    }
}
