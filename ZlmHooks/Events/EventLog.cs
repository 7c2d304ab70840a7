namespace ZlmHooks.Events;

internal static partial class EventLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "event ids: the id table could not be used ({Reason}); using this instance's memory")]
    public static partial void IdentityNotStored(ILogger logger, string reason);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "event {Type} {Subject} published as {Id}")]
    public static partial void Published(ILogger logger, string type, string? subject, string id);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "event {Type} {Subject} ({Id}) went to the outbox: {Reason}")]
    public static partial void Outboxed(ILogger logger, string type, string? subject, string id, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "event {Type} {Subject} ({Id}) could be neither published nor kept in the outbox")]
    public static partial void Lost(ILogger logger, Exception exception, string type, string? subject, string id);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "outbox: re-published {Count} event(s)")]
    public static partial void Drained(ILogger logger, int count);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "outbox: partition {Partition} waits, publishing failed: {Reason}")]
    public static partial void DrainStopped(ILogger logger, string partition, string reason);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "audit events: queue full, {Type} dropped")]
    public static partial void AuditDropped(ILogger logger, string type);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "an event of {Bytes} bytes is larger than a queue message holds; not sent to the queue {Queue}")]
    public static partial void TooLargeForQueue(ILogger logger, int bytes, string queue);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "event ids: {Count} expired row(s) deleted")]
    public static partial void IdsSwept(ILogger logger, int count);
}
