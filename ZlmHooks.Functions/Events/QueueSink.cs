using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Events;

/// <summary>Local development without Azure: the same CloudEvents JSON, one queue message each, in
/// the Azurite queue <c>zlm-events</c> (README: how to peek at them).</summary>
public sealed class QueueSink(QueueServiceClient queues, IOptions<EventsOptions> options) : IEventSink
{
    private readonly QueueClient _queue = queues.GetQueueClient(options.Value.QueueName);

    public string Describe => $"storage queue {options.Value.QueueName}";

    public async Task PublishAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
            await _queue.SendMessageAsync(new BinaryData(e), cancellationToken: cancellationToken);
    }
}
