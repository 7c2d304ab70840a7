namespace ZlmHooks.RecentActivity;

/// <summary>The activity feed (<c>ZlmHooks__Activity__*</c>). It keeps client addresses: an operator
/// who may not keep them for a week shortens the retention or turns the feed off.</summary>
public sealed class ActivityOptions
{
    /// <summary>Keep refusals and events for the console's Activity view; off: no hook call adds to it
    /// (what it holds stays until its days pass).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Days kept (1-31): a day's partition is removed once it is older.</summary>
    public int RetentionDays { get; set; } = 7;
}
