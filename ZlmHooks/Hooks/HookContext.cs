using System.Text.Json.Nodes;

namespace ZlmHooks.Hooks;

/// <summary>
/// One hook call, passed explicitly to every filter and to the handler: the hook and its parsed body,
/// when it was received, what the call's one log line adds (the client, the rule that decided and
/// why), and the body as it may be kept or forwarded (<see cref="Payload"/>).
/// </summary>
public sealed class HookContext
{
    private readonly Redaction _redaction;
    private JsonObject? _payload;

    private readonly HttpContext? _http;
    private readonly bool _forwarded;
    private System.Net.IPAddress? _sender;

    /// <param name="http">The call, for who sent it (read only when asked: most calls never are).</param>
    /// <param name="forwarded">Under the Functions host, which alone reaches this handler's port: the
    /// sender is the first X-Forwarded-For address, the connection being the host's own.</param>
    internal HookContext(Hook hook, HookRequest request, Redaction redaction, DateTimeOffset receivedAt, CancellationToken aborted,
        HttpContext? http = null, bool forwarded = false)
    {
        _http = http;
        _forwarded = forwarded;
        Hook = hook;
        Request = request;
        _redaction = redaction;
        ReceivedAt = receivedAt;
        Aborted = aborted;
    }

    public Hook Hook { get; }
    public HookRequest Request { get; }

    /// <summary>Cancelled when MediaServer gives up on the call (hook.timeoutSec).</summary>
    public CancellationToken Aborted { get; }

    /// <summary>When this notification was first received: now, or for MediaServer's retry of it the time
    /// its first attempt arrived (the events step knows), which is what orders it against other changes.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The address the call came from: the MediaServer itself (or a proxy in front of it).</summary>
    public System.Net.IPAddress? Sender => _sender ??= HookSender.Address(_http, _forwarded);

    /// <summary>The caller's User-Agent, which for MediaServer names its build (git hash, branch, build time).</summary>
    public string? SenderAgent => _http?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;

    public string? ClientIp { get; private set; }
    public string? RuleId { get; private set; }
    public string? Reason { get; private set; }

    /// <summary>Adds the client, the deciding rule and the reason to the call's one log line (a decision
    /// costs one log line, not two: console logging is the largest per-call cost, docs/benchmarks.md).
    /// Never pass params, tokens, keys or passwords.</summary>
    public void Note(string? clientIp, string? ruleId, string reason)
    {
        ClientIp = clientIp;
        RuleId = ruleId;
        Reason = reason;
    }

    /// <summary>The body as it may be stored, published or logged, made once per call by
    /// <see cref="Redaction.Clean"/>: hook_index removed, secrets redacted. Shared: read it, copy to change.</summary>
    public JsonObject Payload => _payload ??= _redaction.Clean(Hook, Request);
}
