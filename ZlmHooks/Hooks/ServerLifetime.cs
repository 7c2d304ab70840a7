namespace ZlmHooks.Hooks;

/// <summary>
/// One MediaServer process's lifetime as its hooks tell it. <c>hook_index</c> counts hooks within one
/// lifetime and starts again at 0 when the process does, and everything a process registered ends
/// with it: so what identifies a notification, and what is still live, depends on the lifetime.
/// </summary>
/// <param name="StartedAt">When its latest on_server_started was first received (null: never seen).</param>
/// <param name="ExitedAt">When its latest on_server_exited was first received.</param>
/// <param name="Status"><c>online</c>, <c>missing</c> (keepalives stopped), <c>exited</c>, or <c>unknown</c> (no server hook seen).</param>
/// <param name="StatusSince">Since when the status holds, for <c>missing</c> and <c>exited</c>.</param>
public sealed record ServerLifetime(DateTimeOffset? StartedAt, DateTimeOffset? ExitedAt, string Status, DateTimeOffset? StatusSince)
{
    public static ServerLifetime Unknown { get; } = new(null, null, "unknown", null);

    /// <summary>Changes first received before this belong to an earlier process (or one that exited).</summary>
    public DateTimeOffset? Boundary => StartedAt is { } s && ExitedAt is { } e ? (s > e ? s : e) : StartedAt ?? ExitedAt;

    /// <summary>Tells this lifetime from the previous ones: the time its start was first received.</summary>
    public long Epoch => StartedAt?.UtcTicks ?? 0;

    /// <summary>Whether the process may still hold streams (online, or no server hook seen at all).</summary>
    public bool Alive => Status is "online" or "unknown";
}
