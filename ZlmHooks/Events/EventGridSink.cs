using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Events;

/// <summary>Event Grid custom topic, CloudEvents 1.0 schema. Entra ID (EventGrid Data Sender) unless a key is configured.</summary>
public sealed class EventGridSink : IEventSink
{
    /// <summary>Event Grid takes at most 1 MB per publish request; stay under it with room for the envelope.</summary>
    public const int MaxBatchBytes = 1_000_000;

    private readonly EventGridPublisherClient _client;

    /// <param name="client">The one publisher client (Storage/StorageSetup.cs: the shared credential, or the topic key).</param>
    public EventGridSink(EventGridPublisherClient client, IOptions<EventsOptions> options)
    {
        _client = client;
        Describe = $"Event Grid topic {new Uri(options.Value.TopicEndpoint!).Host}";
    }

    public string Describe { get; }

    public async Task PublishAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        foreach (var batch in Requests(events, e => e, int.MaxValue))
            await _client.SendEncodedCloudEventsAsync(StreamEvent.Batch(batch), cancellationToken);
    }

    /// <summary>Items in order, in groups whose events make one publish request: a JSON array of at most
    /// <see cref="MaxBatchBytes"/> (an event larger than that alone) and at most <paramref name="maxCount"/> events.</summary>
    public static IEnumerable<List<T>> Requests<T>(IEnumerable<T> items, Func<T, byte[]> eventOf, int maxCount)
    {
        var batch = new List<T>();
        var size = 2; // "[" and "]"; each event adds its bytes and a comma
        foreach (var item in items)
        {
            var length = eventOf(item).Length + 1;
            if (batch.Count > 0 && (batch.Count == maxCount || size + length > MaxBatchBytes))
            {
                yield return batch;
                batch = [];
                size = 2;
            }
            batch.Add(item);
            size += length;
        }
        if (batch.Count > 0) yield return batch;
    }
}
