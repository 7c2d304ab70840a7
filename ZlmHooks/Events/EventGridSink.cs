using Azure;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Events;

/// <summary>Event Grid custom topic, CloudEvents 1.0 schema. Entra ID (EventGrid Data Sender) unless a key is configured.
/// Every request first takes its share of the topic's limit (<see cref="TopicLimiter"/>).</summary>
public sealed class EventGridSink : IEventSink
{
    /// <summary>Event Grid takes at most 1 MB per publish request; stay under it with room for the envelope.</summary>
    public const int MaxBatchBytes = 1_000_000;

    private readonly EventGridPublisherClient _client;
    private readonly TopicLimiter _limiter;

    /// <param name="client">The one publisher client (Storage/StorageSetup.cs: the shared credential, or the topic key).</param>
    public EventGridSink(EventGridPublisherClient client, TopicLimiter limiter, IOptions<EventsOptions> options)
    {
        _client = client;
        _limiter = limiter;
        Describe = $"Event Grid topic {new Uri(options.Value.TopicEndpoint!).Host}";
    }

    public string Describe { get; }

    public int MaxEventsPerRequest => _limiter.MaxEventsPerRequest;

    public int MaxBytesPerRequest => Math.Min(MaxBatchBytes, _limiter.MaxBytesPerRequest);

    public Task PublishAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken) => SendAsync(events, wait: false, cancellationToken);

    public Task PublishWhenAllowedAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken) => SendAsync(events, wait: true, cancellationToken);

    private async Task SendAsync(IReadOnlyList<byte[]> events, bool wait, CancellationToken cancellationToken)
    {
        // All of them or none: a request that cannot take its share fails before any is sent, so a
        // caller that falls back to the outbox never re-publishes what already went.
        var requests = Requests(events, e => e, MaxEventsPerRequest, MaxBytesPerRequest).ToList();
        if (!wait && requests.Count > 1) throw new TopicThrottledException("more events than one request under the topic's limit");
        foreach (var batch in requests)
        {
            var bytes = 2 + batch.Sum(e => e.Length + 1);
            if (wait) await _limiter.WaitAsync(batch.Count, bytes, cancellationToken);
            else if (!_limiter.TryTake(batch.Count, bytes, out var reason)) throw new TopicThrottledException(reason!);
            try
            {
                await _client.SendEncodedCloudEventsAsync(StreamEvent.Batch(batch), cancellationToken);
            }
            catch (RequestFailedException e) when (_limiter.Refused(e) is { } closed)
            {
                throw new TopicThrottledException($"the topic answered {e.Status}: no publish for {closed.TotalSeconds:0.###} s", e);
            }
        }
    }

    /// <summary>Items in order, in groups whose events make one publish request: a JSON array of at most
    /// <paramref name="maxBytes"/> (an event larger than that alone) and at most <paramref name="maxCount"/> events.</summary>
    public static IEnumerable<List<T>> Requests<T>(IEnumerable<T> items, Func<T, byte[]> eventOf, int maxCount, int maxBytes = MaxBatchBytes)
    {
        var batch = new List<T>();
        var size = 2; // "[" and "]"; each event adds its bytes and a comma
        foreach (var item in items)
        {
            var length = eventOf(item).Length + 1;
            if (batch.Count > 0 && (batch.Count == maxCount || size + length > maxBytes))
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
