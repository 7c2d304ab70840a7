namespace ZlmHooks.Hooks;

/// <summary>One structured line per hook call. Deliberately has no parameter for params, query
/// strings or headers: those carry tokens and function keys.</summary>
public sealed partial class HookLog(ILogger<HookLog> logger)
{
    private readonly ILogger _logger = logger;

    internal void Answered(Hook hook, HookContext? context, HookAnswer answer, double elapsedMs)
    {
        var stream = context?.Request as IStreamAddress;
        var server = context?.Request.MediaServerId;
        // As a decimal: "F3" of a double takes the slow exact path (Dragon4) on every line.
        var elapsed = (decimal)Math.Round(elapsedMs, 3);
        if (answer.Status == StatusCodes.Status200OK)
            HookAnswered(hook.Name, Printable(stream?.Vhost), Printable(stream?.App), Printable(stream?.Stream), Printable(server), Printable(context?.ClientIp),
                answer.Outcome, answer.Reply.Code, context?.RuleId ?? "-", Printable(context?.Reason ?? (answer.Reply.Code == 0 ? "" : answer.Reply.Msg)), elapsed);
        else
            HookNotAnswered(hook.Name, Printable(stream?.Vhost), Printable(stream?.App), Printable(stream?.Stream), Printable(server), answer.Outcome, answer.Status,
                answer.Reply.Code, Printable(answer.Reply.Msg), elapsed);
    }

    private static readonly System.Buffers.SearchValues<char> Control = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 32).Select(c => (char)c), '\u007f', '\u2028', '\u2029']);

    /// <summary>A client-chosen name as one line: a stream called "x\n2026-11-26 ... allow" must not
    /// forge a log line. Control characters are written as \xNN; names without any pass as they are.</summary>
    internal static string? Printable(string? value)
    {
        if (value is null || value.AsSpan().IndexOfAny(Control) < 0) return value;
        var text = new System.Text.StringBuilder(value.Length + 8);
        foreach (var c in value)
            text.Append(Control.Contains(c) ? $"\\x{(int)c:X2}" : c.ToString());
        return text.ToString();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Hook} {Vhost}/{App}/{Stream} from {MediaServerId} client {ClientIp}: {Outcome} (code {Code}) rule {RuleId} {Reason} in {ElapsedMs:F3} ms")]
    private partial void HookAnswered(string hook, string? vhost, string? app, string? stream, string? mediaServerId, string? clientIp,
        string outcome, int code, string ruleId, string? reason, decimal elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "{Hook} {Vhost}/{App}/{Stream} from {MediaServerId}: {Outcome} (HTTP {Status}, code {Code}): {Reason} in {ElapsedMs:F3} ms")]
    private partial void HookNotAnswered(string hook, string? vhost, string? app, string? stream, string? mediaServerId,
        string outcome, int status, int code, string? reason, decimal elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Hook} handler failed")]
    public partial void HandlerFailed(Exception exception, string hook);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "No handler key configured: relying on the Azure Functions host to check each function's key.")]
    public partial void HostChecksKeys();

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "DevelopmentMode without a function key: every hook is open to anyone who can reach this port.")]
    public partial void RunningWithoutKey();

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "DevelopmentMode with AuthDefault=Allow: auth hooks admit every client no rule decides.")]
    public partial void AllowingByDefault();

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "{Hook} body could not be mapped to its type")]
    public partial void UnparsableBody(Exception exception, string hook);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "{Hook} body: kept {Fields} as sent; their values fit no field of the hook's type")]
    public partial void FieldsSetAside(string hook, string fields);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Hook} abandoned by the caller after {ElapsedMs:F3} ms")]
    public partial void Abandoned(string hook, double elapsedMs);
}
