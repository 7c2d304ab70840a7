using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Events;

/// <summary>Local development without Azure: the same CloudEvents JSON, one queue message each, in
/// the Azurite queue <c>zlm-events</c> (README: how to peek at them).</summary>
public sealed class QueueSink(QueueServiceClient queues, IOptions<EventsOptions> options, ILogger<QueueSink> logger) : IEventSink
{
    /// <summary>A queue message holds 64 KiB; Event Grid takes 1 MB, so only this development sink has to refuse.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private readonly QueueClient _queue = queues.GetQueueClient(options.Value.QueueName);

    public string Describe => $"storage queue {options.Value.QueueName}";

    public async Task PublishAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            // Sent anyway it would fail forever and hold its stream's later events in the outbox.
            if (e.Length > MaxMessageBytes)
            {
                EventLog.TooLargeForQueue(logger, e.Length, options.Value.QueueName);
                continue;
            }
            await _queue.SendMessageAsync(new BinaryData(e), cancellationToken: cancellationToken);
        }
    }
}
