using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Events;

/// <summary>
/// Gathers the events of concurrent hook calls into shared publish requests: each call's event joins
/// the next batch, and the call returns when the request that carried it was accepted (or failed).
/// At most <see cref="InFlight"/> requests are out at once; while they are, new events wait and form
/// the next batch, so batches grow with the load and one event alone goes out at once.
/// A batch holds at most <see cref="MaxEvents"/> events and <see cref="EventGridSink.MaxBatchBytes"/>
/// bytes (Event Grid takes an array of up to 1 MB per publish request), and no more than the sink's
/// request under the topic's limit (<see cref="TopicLimiter"/>); a batch over the limit fails at once
/// and its callers use the outbox.
/// </summary>
public sealed class PublishBatcher : IDisposable
{
    private readonly IEventSink _sink;
    private readonly IOptions<EventsOptions> _options;

    public const int MaxEvents = 1000;
    public const int InFlight = 4;

    private readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _slots = new(InFlight, InFlight);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _loop;

    public PublishBatcher(IEventSink sink, IOptions<EventsOptions> options)
    {
        _sink = sink;
        _options = options;
        // Started by the first event: an instance that publishes nothing runs no loop.
        _loop = new Lazy<Task>(() => Task.Run(RunAsync, CancellationToken.None));
    }

    /// <summary>Completes when the request carrying <paramref name="encoded"/> was accepted; throws
    /// when it was refused, failed or took longer than the publish timeout.</summary>
    public Task PublishAsync(byte[] encoded, CancellationToken cancellationToken)
    {
        var pending = new Pending(encoded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _ = _loop.Value;
        ObjectDisposedException.ThrowIf(!_waiting.Writer.TryWrite(pending), this);
        return pending.Done.Task.WaitAsync(TimeSpan.FromMilliseconds(_options.Value.PublishTimeoutMilliseconds), cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _waiting.Reader;
        // Within the topic's limit too: a request never needs more than one turn of it.
        var maxEvents = Math.Min(MaxEvents, _sink.MaxEventsPerRequest);
        var maxBytes = Math.Min(EventGridSink.MaxBatchBytes, _sink.MaxBytesPerRequest);
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                // A free slot first: while every slot is busy, events keep arriving and the batch grows.
                await _slots.WaitAsync(_stopping.Token);
                var batch = new List<Pending>();
                var bytes = 2;
                while (batch.Count < maxEvents && reader.TryPeek(out var next) && (batch.Count == 0 || bytes + next.Event.Length + 1 <= maxBytes))
                {
                    reader.TryRead(out _);
                    batch.Add(next);
                    bytes += next.Event.Length + 1;
                }
                if (batch.Count == 0) { _slots.Release(); continue; }
                _ = SendAsync(batch);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.Value.PublishTimeoutMilliseconds);
            await _sink.PublishAsync(batch.ConvertAll(p => p.Event), timeout.Token);
            foreach (var p in batch) p.Done.TrySetResult();
        }
#pragma warning disable CA1031 // whatever failed, every caller of the batch hears it and uses the outbox
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var p in batch) p.Done.TrySetException(e);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        _waiting.Writer.TryComplete();
        _stopping.Cancel();
        _stopping.Dispose();
        _slots.Dispose();
    }

    private sealed record Pending(byte[] Event, TaskCompletionSource Done);
}
