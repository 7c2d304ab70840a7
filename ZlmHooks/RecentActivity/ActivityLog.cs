namespace ZlmHooks.RecentActivity;

internal static partial class ActivityLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "activity: {Count} entr(ies) not kept: {Reason}")]
    public static partial void NotKept(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "activity: days before {Day} not pruned: {Reason}")]
    public static partial void NotPruned(ILogger logger, string day, string reason);
}
