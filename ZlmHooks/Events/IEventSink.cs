namespace ZlmHooks.Events;

/// <summary>Where published events go: Event Grid, or a storage queue for local development.</summary>
public interface IEventSink
{
    string Describe { get; }

    /// <summary>The most events one <see cref="PublishAsync"/> call may carry to be sent at once.</summary>
    int MaxEventsPerRequest => 1000;

    /// <summary>The most bytes (a JSON array of the events) one call may carry to be sent at once.</summary>
    int MaxBytesPerRequest => EventGridSink.MaxBatchBytes;

    /// <summary>Publishes CloudEvents (each one's JSON, <see cref="StreamEvent.Encode"/>) in order;
    /// throws when they were not all accepted, at once (<see cref="TopicThrottledException"/>, nothing
    /// sent) when the destination's limit says not now. For the hook path: it never waits for a turn.</summary>
    Task PublishAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken);

    /// <summary>The same, waiting for the destination's limit to allow it (off the hook path: the outbox
    /// drain, audit events).</summary>
    Task PublishWhenAllowedAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken) => PublishAsync(events, cancellationToken);
}
