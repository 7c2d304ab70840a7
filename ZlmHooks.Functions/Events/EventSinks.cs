using Azure;
using Azure.Core.Pipeline;
using Azure.Messaging.EventGrid;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

/// <summary>Where published events go: Event Grid, or a storage queue for local development.</summary>
public interface IEventSink
{
    string Describe { get; }

    /// <summary>Publishes CloudEvents (each one's JSON, <see cref="StreamEvent.Encode"/>) in order;
    /// throws when they were not all accepted.</summary>
    Task PublishAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken);
}

/// <summary>Event Grid custom topic, CloudEvents 1.0 schema. Entra ID (EventGrid Data Sender) unless a key is configured.</summary>
public sealed class EventGridSink : IEventSink
{
    /// <summary>Event Grid takes at most 1 MB per publish request; stay under it with room for the envelope.</summary>
    public const int MaxBatchBytes = 1_000_000;

    private readonly EventGridPublisherClient _client;

    public EventGridSink(IOptions<EventsOptions> options, IEnumerable<HttpPipelinePolicy> policies)
    {
        var o = options.Value;
        var clientOptions = new EventGridPublisherClientOptions();
        clientOptions.Retry.MaxRetries = 1;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(o.PublishTimeoutMilliseconds);
        foreach (var policy in policies) clientOptions.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerRetry);
        var endpoint = new Uri(o.TopicEndpoint!);
        _client = string.IsNullOrEmpty(o.TopicKey)
            ? new EventGridPublisherClient(endpoint, new Azure.Identity.DefaultAzureCredential(), clientOptions)
            : new EventGridPublisherClient(endpoint, new AzureKeyCredential(o.TopicKey), clientOptions);
        Describe = $"Event Grid topic {endpoint.Host}";
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

/// <summary>Local development without Azure: the same CloudEvents JSON, one queue message each, in
/// the Azurite queue <c>zlm-events</c> (README: how to peek at them).</summary>
public sealed class QueueSink(IOptions<StorageOptions> storage, IOptions<EventsOptions> options) : IEventSink
{
    private readonly QueueClient _queue = CreateQueue(storage.Value, options.Value.QueueName);
    private volatile bool _ready;

    public string Describe => $"storage queue {options.Value.QueueName}";

    private static QueueClient CreateQueue(StorageOptions storage, string name) =>
        !string.IsNullOrWhiteSpace(storage.Connection)
            ? new QueueClient(storage.Connection, name)
            : new QueueClient(new Uri($"https://{storage.Account}.queue.core.windows.net/{name}"), new Azure.Identity.DefaultAzureCredential());

    public async Task PublishAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _ready = true;
        }
        foreach (var e in events)
            await _queue.SendMessageAsync(new BinaryData(e), cancellationToken: cancellationToken);
    }
}
