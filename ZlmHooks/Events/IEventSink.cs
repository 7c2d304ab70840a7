namespace ZlmHooks.Events;

/// <summary>Where published events go: Event Grid, or a storage queue for local development.</summary>
public interface IEventSink
{
    string Describe { get; }

    /// <summary>Publishes CloudEvents (each one's JSON, <see cref="StreamEvent.Encode"/>) in order;
    /// throws when they were not all accepted.</summary>
    Task PublishAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken);
}
