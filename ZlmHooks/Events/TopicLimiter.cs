using System.Globalization;
using System.Threading.RateLimiting;
using Azure;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Events;

/// <summary>
/// The Event Grid topic's ingress limit, kept before Azure enforces it: one token bucket for events per
/// second (<see cref="EventsOptions.TopicEventsPerSecond"/>) and one for bytes per second
/// (<see cref="EventsOptions.TopicBytesPerSecond"/>). Each bucket holds a tenth of a second's worth
/// (the bytes one at least one full request, 1 MB) and refills at the rest of the limit, so no
/// one-second window ever carries more than the limit. After a 429 (or 503) with <c>Retry-After</c>
/// the topic is closed until then. The hook path only tries (<see cref="TryTake"/>) and never waits;
/// the outbox drain and the audit loop wait their turn (<see cref="WaitAsync"/>).
/// </summary>
public sealed class TopicLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _events;
    private readonly TokenBucketRateLimiter _bytes;
    private readonly TimeProvider _clock;
    private long _closedUntil; // the clock's timestamp (elapsed time, not the wall clock)

    public TopicLimiter(IOptions<EventsOptions> options, TimeProvider clock)
    {
        _clock = clock;
        var o = options.Value;
        (_events, MaxEventsPerRequest) = Bucket(o.TopicEventsPerSecond, 1);
        (_bytes, MaxBytesPerRequest) = Bucket(o.TopicBytesPerSecond, EventGridSink.MaxBatchBytes);
    }

    /// <summary>The most events one request may carry (a bucket's size).</summary>
    public int MaxEventsPerRequest { get; }

    /// <summary>The most bytes one request may carry (a bucket's size).</summary>
    public int MaxBytesPerRequest { get; }

    private static (TokenBucketRateLimiter, int) Bucket(int perSecond, int atLeast)
    {
        var size = Math.Clamp(Math.Max(perSecond / 10, atLeast), 1, Math.Max(1, perSecond / 2));
        var rate = Math.Max(1, perSecond - size); // per second, after the bucket's own
        var perPeriod = Math.Max(1, rate / 10);
        return (new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = size,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)perPeriod / rate),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }), size);
    }

    /// <summary>How long until the topic opens again after a <c>Retry-After</c>, or null when it is open.</summary>
    public TimeSpan? ClosedFor
    {
        get
        {
            var left = Interlocked.Read(ref _closedUntil) - _clock.GetTimestamp();
            return left > 0 ? TimeSpan.FromSeconds((double)left / _clock.TimestampFrequency) : null;
        }
    }

    /// <summary>Takes the request's share of the limit now, or says why not (nothing taken).</summary>
    public bool TryTake(int events, int bytes, out string? reason)
    {
        if (ClosedFor is { } left)
        {
            reason = $"the topic asked for no publish for another {left.TotalSeconds:0.###} s (Retry-After)";
            return false;
        }
        events = Math.Min(events, MaxEventsPerRequest);
        bytes = Math.Min(bytes, MaxBytesPerRequest);
        // Both or neither: a bucket's count is checked before either is taken (a race only leaves
        // a few tokens unused, never more sent).
        if (_events.GetStatistics()?.CurrentAvailablePermits < events || _bytes.GetStatistics()?.CurrentAvailablePermits < bytes)
        {
            reason = "the topic's publish limit (events or bytes per second) is reached";
            return false;
        }
        using var e = _events.AttemptAcquire(events);
        if (!e.IsAcquired)
        {
            reason = "the topic's events-per-second limit is reached";
            return false;
        }
        using var b = _bytes.AttemptAcquire(bytes);
        reason = b.IsAcquired ? null : "the topic's bytes-per-second limit is reached";
        return b.IsAcquired;
    }

    /// <summary>Waits until the topic is open and the request's share of the limit is free, then takes it.</summary>
    public async Task WaitAsync(int events, int bytes, CancellationToken cancellationToken)
    {
        while (ClosedFor is { } left)
            await Task.Delay(left + TimeSpan.FromMilliseconds(1), _clock, cancellationToken);
        using (var e = await _events.AcquireAsync(Math.Min(events, MaxEventsPerRequest), cancellationToken))
            if (!e.IsAcquired) throw new TopicThrottledException();
        using (var b = await _bytes.AcquireAsync(Math.Min(bytes, MaxBytesPerRequest), cancellationToken))
            if (!b.IsAcquired) throw new TopicThrottledException();
        // A Retry-After may have come while waiting.
        while (ClosedFor is { } left)
            await Task.Delay(left + TimeSpan.FromMilliseconds(1), _clock, cancellationToken);
    }

    private int _deferred;

    /// <summary>An event was kept back by the limit and is in the outbox: the drain should run soon,
    /// not only at its interval (<see cref="OutboxDrainer"/>).</summary>
    public void Deferred() => Volatile.Write(ref _deferred, 1);

    /// <summary>Whether an event was kept back since the last call.</summary>
    public bool TakeDeferred() => Interlocked.Exchange(ref _deferred, 0) == 1;

    /// <summary>After a refused publish: a 429 or 503 with <c>Retry-After</c> (seconds, or an HTTP date)
    /// closes the topic until then; a 429 without one closes it for a second. Returns how long, if closed.</summary>
    public TimeSpan? Refused(RequestFailedException refusal)
    {
        if (refusal.Status is not (429 or 503)) return null;
        TimeSpan? wait = refusal.Status == 429 ? TimeSpan.FromSeconds(1) : null;
        if (refusal.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) wait = TimeSpan.FromSeconds(Math.Min(seconds, 3600));
            else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) wait = at - _clock.GetUtcNow();
        }
        if (wait is not { } w || w <= TimeSpan.Zero) return null;
        var until = _clock.GetTimestamp() + (long)(w.TotalSeconds * _clock.TimestampFrequency);
        for (var current = Interlocked.Read(ref _closedUntil); current < until; current = Interlocked.Read(ref _closedUntil))
            if (Interlocked.CompareExchange(ref _closedUntil, until, current) == current) break;
        return w;
    }

    public void Dispose()
    {
        _events.Dispose();
        _bytes.Dispose();
    }
}
