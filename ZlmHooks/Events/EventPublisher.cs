using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

/// <summary>
/// Makes a notification's CloudEvent durable before the hook is answered: published to the sink, or,
/// when that fails or takes too long, kept in the outbox for <see cref="OutboxDrainer"/>. A partition
/// with events waiting in the outbox gets its new events queued behind them, so one stream's events
/// keep their order. Auth hooks never come here: their audit events never wait (<see cref="AuditEvents"/>).
/// </summary>
public sealed class EventPublisher(IEventSink sink, PublishBatcher batches, Outbox outbox, TopicLimiter limiter, IOptions<EventsOptions> options, ILogger<EventPublisher> logger)
{
    // Keyed as the outbox keys its partitions (KeyEncoding), so the drainer's "drained" finds them.
    private readonly ConcurrentDictionary<string, byte> _waiting = new(StringComparer.Ordinal);

    private const string BehindWaiting = "earlier events of this stream are still waiting";

    /// <summary>Partitions this instance has put in the outbox and not yet seen drained.</summary>
    public bool HasWaiting(string partition) => !_waiting.IsEmpty && _waiting.ContainsKey(KeyEncoding.Encode(partition));

    /// <param name="outboxPartition">The outbox's partition key.</param>
    public void Drained(string outboxPartition) => _waiting.TryRemove(outboxPartition, out _);

    /// <summary>Published or kept in the outbox: true; neither: false (the hook must not be acknowledged).</summary>
    public async Task<bool> MakeDurableAsync(StreamEvent e, CancellationToken cancellationToken)
    {
        var encoded = e.Encode();
        string reason;
        var throttled = false;
        if (HasWaiting(e.Partition))
        {
            reason = BehindWaiting;
        }
        else
        {
            try
            {
                // Shared with the events of concurrent calls: one request carries many (PublishBatcher).
                await batches.PublishAsync(encoded, cancellationToken);
                EventLog.Published(logger, e.Type, e.Subject, e.Id);
                return true;
            }
            catch (Exception x) when (x is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throttled = x is TopicThrottledException;
                reason = x switch
                {
                    TopicThrottledException => $"{sink.Describe}: {x.Message}", // the topic's limit: the drain publishes it at the limit
                    OperationCanceledException or TimeoutException => $"{sink.Describe} did not answer in {options.Value.PublishTimeoutMilliseconds} ms",
                    _ => $"{sink.Describe}: {x.GetType().Name}",
                };
            }
        }

        try
        {
            await outbox.AppendAsync(e, cancellationToken);
            _waiting[KeyEncoding.Encode(e.Partition)] = 0;
            // Drained within a second, not at the outbox interval: an event kept back by the limit, and one
            // queued behind such events (a drain that read the outbox before it was added leaves it there).
            if (throttled || reason == BehindWaiting) limiter.Deferred();
            EventLog.Outboxed(logger, e.Type, e.Subject, e.Id, reason);
            return true;
        }
        catch (Exception x) when (x is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EventLog.Lost(logger, x, e.Type, e.Subject, e.Id);
            return false;
        }
    }
}
