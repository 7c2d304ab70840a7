using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

/// <summary>
/// Re-publishes the outbox: every partition in arrival order, up to 100 events in one publish request
/// (within Event Grid's 1 MB), removing them in one transaction once accepted, and stopping a
/// partition at its first failure so its order holds. Each request waits for its turn under the
/// topic's limit and any <c>Retry-After</c> (<see cref="TopicLimiter"/>), and an event kept back by
/// the limit brings the next drain forward to within a second. Runs in the background every
/// <see cref="EventsOptions.OutboxIntervalSeconds"/>, and under the Functions host also from the
/// timer function <c>outbox_drain</c> (which wakes an instance even when no hook arrives).
/// </summary>
public sealed class OutboxDrainer(Outbox outbox, IEventSink sink, EventPublisher publisher, EventIdentity identity, TopicLimiter limiter, IOptions<EventsOptions> options,
    TimeProvider clock, ILogger<OutboxDrainer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private DateTimeOffset _swept = DateTimeOffset.MinValue;

    /// <summary>Expired event ids are swept with the drain, at most hourly per instance (a sweep of a
    /// day already swept reads nothing).</summary>
    private async Task SweepIdsAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _swept < TimeSpan.FromHours(1)) return;
        var deleted = await identity.SweepAsync(10_000, cancellationToken);
        // A full sweep may have left more: try again next drain.
        _swept = deleted < 10_000 ? clock.GetUtcNow() : DateTimeOffset.MinValue;
        if (deleted > 0) EventLog.IdsSwept(logger, deleted);
    }

    /// <summary>Drains once; returns how many events were published.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var published = 0;
            foreach (var partition in await outbox.PendingAsync(cancellationToken))
            {
                var done = true;
                // At most 100 a request: one table transaction removes them.
                foreach (var chunk in EventGridSink.Requests(partition, p => p.Event, Math.Min(100, sink.MaxEventsPerRequest), sink.MaxBytesPerRequest))
                {
                    try
                    {
                        // Off the hook path: waits for its turn under the topic's limit and any Retry-After.
                        await sink.PublishWhenAllowedAsync(chunk.ConvertAll(p => p.Event), cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        EventLog.DrainStopped(logger, KeyEncoding.Decode(chunk[0].Partition), e.GetType().Name);
                        done = false;
                        break;
                    }
                    await outbox.RemoveAsync(chunk, cancellationToken);
                    published += chunk.Count;
                }
                if (done) publisher.Drained(partition[0].Partition);
            }
            if (published > 0) EventLog.Drained(logger, published);
            await SweepIdsAsync(cancellationToken);
            return published;
        }
        finally
        {
            _one.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every interval; and within a second after an event was kept back by the topic's limit.
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.OutboxIntervalSeconds));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var last = clock.GetTimestamp();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!limiter.TakeDeferred() && clock.GetElapsedTime(last) < interval) continue;
            last = clock.GetTimestamp();
            try
            {
                await DrainAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                EventLog.DrainStopped(logger, "*", e.GetType().Name);
            }
        }
    }

    public override void Dispose()
    {
        _one.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
