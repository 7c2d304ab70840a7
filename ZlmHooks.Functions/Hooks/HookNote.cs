namespace ZlmHooks.Hooks;

/// <summary>
/// What a handler adds to its call's one log line: the client, the rule that decided and why. The
/// pipeline creates it before the handler runs and logs it with the answer, so a decision costs one
/// log line, not two (console logging is the largest per-call cost; docs/benchmarks.md).
/// </summary>
public sealed class HookNote
{
    private static readonly AsyncLocal<HookNote?> CurrentNote = new();

    public static HookNote? Current => CurrentNote.Value;

    public string? ClientIp { get; set; }
    public string? RuleId { get; set; }
    public string? Reason { get; set; }

    /// <summary>Set by the pipeline on its own call path (not async, so it flows to the handler).</summary>
    internal static HookNote Begin()
    {
        var note = new HookNote();
        CurrentNote.Value = note;
        return note;
    }
}
