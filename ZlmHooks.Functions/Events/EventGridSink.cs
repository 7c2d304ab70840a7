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
        var batch = new List<byte[]>();
        var size = 2;
        foreach (var e in events)
        {
            if (batch.Count > 0 && size + e.Length + 1 > MaxBatchBytes)
            {
                await _client.SendEncodedCloudEventsAsync(StreamEvent.Batch(batch), cancellationToken);
                batch.Clear();
                size = 2;
            }
            batch.Add(e);
            size += e.Length + 1;
        }
        if (batch.Count > 0)
            await _client.SendEncodedCloudEventsAsync(StreamEvent.Batch(batch), cancellationToken);
    }
}
