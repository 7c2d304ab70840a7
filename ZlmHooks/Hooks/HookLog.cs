namespace ZlmHooks.Hooks;

/// <summary>One structured line per hook call. Deliberately has no parameter for params, query
/// strings or headers: those carry tokens and function keys.</summary>
public sealed partial class HookLog(ILogger<HookLog> logger)
{
    private readonly ILogger _logger = logger;

    internal void Answered(Hook hook, HookContext? context, HookAnswer answer, double elapsedMs)
    {
        var stream = context?.Request as IStreamAddress;
        var server = Printable(context?.Request.MediaServerId) is { Length: > 0 } id ? id : "-";
        // As a decimal: "F3" of a double takes the slow exact path (Dragon4) on every line.
        var elapsed = (decimal)Math.Round(elapsedMs, 3);
        // One shape per kind of call, so no line has an empty field: a client's request names its
        // stream, client, rule and reason; a notification its stream (or only its server) and, when
        // refused or not answered, why.
        if (stream is null)
        {
            if (answer.Status != StatusCodes.Status200OK)
                ServerNotAnswered(hook.Name, server, answer.Outcome, answer.Status, answer.Reply.Code, Printable(answer.Reply.Msg) ?? "-", elapsed);
            else if (Reason(context, answer) is { Length: > 0 } why) ServerRefused(hook.Name, server, answer.Outcome, answer.Reply.Code, why, elapsed);
            else ServerAnswered(hook.Name, server, answer.Outcome, answer.Reply.Code, elapsed);
            return;
        }
        var (vhost, app, name) = (Printable(stream.Vhost) ?? "-", Printable(stream.App) ?? "-", Printable(stream.Stream) ?? "-");
        if (answer.Status != StatusCodes.Status200OK)
        {
            StreamNotAnswered(hook.Name, vhost, app, name, server, answer.Outcome, answer.Status, answer.Reply.Code, Printable(answer.Reply.Msg) ?? "-", elapsed);
            return;
        }
        var reason = Reason(context, answer);
        if (hook.Kind == HookKind.Auth || context?.ClientIp is not null)
            ClientAnswered(hook.Name, vhost, app, name, server, Printable(context?.ClientIp) ?? "-",
                answer.Outcome, answer.Reply.Code, context?.RuleId ?? "-", string.IsNullOrEmpty(reason) ? "-" : reason, elapsed);
        else if (string.IsNullOrEmpty(reason))
            StreamAnswered(hook.Name, vhost, app, name, server, answer.Outcome, answer.Reply.Code, elapsed);
        else
            StreamRefused(hook.Name, vhost, app, name, server, answer.Outcome, answer.Reply.Code, reason, elapsed);
    }

    /// <summary>Why the call was decided or refused as it was, for the log: the rule's reason, or a refusal's message.</summary>
    private static string? Reason(HookContext? context, HookAnswer answer) =>
        Printable(context?.Reason ?? (answer.Reply.Code == 0 ? null : answer.Reply.Msg));

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
        Message = "{Hook} {Vhost}/{App}/{Stream} from {MediaServerId} client {ClientIp}: {Outcome} (code {Code}), rule {RuleId}: {Reason}, in {ElapsedMs:F3} ms")]
    private partial void ClientAnswered(string hook, string? vhost, string? app, string? stream, string mediaServerId, string? clientIp,
        string outcome, int code, string ruleId, string reason, decimal elapsedMs);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Hook} {Vhost}/{App}/{Stream} from {MediaServerId}: {Outcome} (code {Code}) in {ElapsedMs:F3} ms")]
    private partial void StreamAnswered(string hook, string vhost, string app, string stream, string mediaServerId, string outcome, int code, decimal elapsedMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Hook} {Vhost}/{App}/{Stream} from {MediaServerId}: {Outcome} (code {Code}): {Reason}, in {ElapsedMs:F3} ms")]
    private partial void StreamRefused(string hook, string vhost, string app, string stream, string mediaServerId, string outcome, int code, string reason, decimal elapsedMs);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "{Hook} from {MediaServerId}: {Outcome} (code {Code}) in {ElapsedMs:F3} ms")]
    private partial void ServerAnswered(string hook, string mediaServerId, string outcome, int code, decimal elapsedMs);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "{Hook} from {MediaServerId}: {Outcome} (code {Code}): {Reason}, in {ElapsedMs:F3} ms")]
    private partial void ServerRefused(string hook, string mediaServerId, string outcome, int code, string reason, decimal elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "{Hook} {Vhost}/{App}/{Stream} from {MediaServerId}: {Outcome} (HTTP {Status}, code {Code}): {Reason}, in {ElapsedMs:F3} ms")]
    private partial void StreamNotAnswered(string hook, string vhost, string app, string stream, string mediaServerId,
        string outcome, int status, int code, string reason, decimal elapsedMs);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning,
        Message = "{Hook} from {MediaServerId}: {Outcome} (HTTP {Status}, code {Code}): {Reason}, in {ElapsedMs:F3} ms")]
    private partial void ServerNotAnswered(string hook, string mediaServerId, string outcome, int status, int code, string reason, decimal elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Hook} handler failed")]
    public partial void HandlerFailed(Exception exception, string hook);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "In Azure behind the Functions host: the host checks each hook's function key; the handler does not repeat it.")]
    public partial void HostChecksKeys();

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "DevelopmentMode without a function key: every hook is open to anyone who can reach this port.")]
    public partial void RunningWithoutKey();

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "DevelopmentMode with AuthDefault=Allow: auth hooks admit every client no rule decides.")]
    public partial void AllowingByDefault();

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "DevelopmentMode without an admin key: the admin API (/api/*) is open to anyone who can reach this port.")]
    public partial void AdminApiOpen();

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "No admin key (ZlmHooks__AdminKeys): the admin API (/api/*) is closed; the hooks are not affected.")]
    public partial void AdminApiClosed();

    // One line, no stack trace: the body is the caller's input, not a fault of the handler's.
    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "{Hook} body could not be mapped to its type: {Error}: {Reason}")]
    public partial void UnparsableBody(string hook, string error, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "{Hook} body: kept {Fields} as sent; their values fit no field of the hook's type")]
    public partial void FieldsSetAside(string hook, string fields);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Hook} abandoned by the caller after {ElapsedMs:F3} ms")]
    public partial void Abandoned(string hook, double elapsedMs);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "{Hook} not finished within its budget of {BudgetMs} ms (ZlmHooks__NotificationBudgetMilliseconds): answered 503 so MediaServer retries")]
    public partial void OverBudget(string hook, int budgetMs);
}
