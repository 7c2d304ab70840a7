using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

/// <summary>
/// Gives each notification its CloudEvent id and time, the same for MediaServer's retries of it and
/// different for distinct notifications, even when their bodies are identical (an idle server's
/// keepalives, a stream unregistered twice an hour apart), without a write on the common path.
///
/// MediaServer numbers every hook it sends with <c>hook_index</c>, a counter of its process, and
/// gives a retry a new number. So a first attempt's id is SHA-256(type, source, body without
/// hook_index, the server's lifetime, hook_index): distinct notifications differ in hook_index (or,
/// across restarts, in lifetime, <see cref="ServerLifetime.Epoch"/>), and the same delivery twice
/// keeps it. MediaServer resends a body only after a failed answer (a non-200, or none within
/// hook.timeoutSec), so a failed answer leaves a marker (body digest → id and first arrival) in the
/// table <c>&lt;prefix&gt;eventids</c>, shared by every instance, and in memory; an identical body
/// that finds a marker younger than the retry window is its retry: same id, same time. The retry's
/// success is written into the marker with its hook_index: the same delivery again keeps the id, and
/// a later identical body (another hook_index) is a new notification.
///
/// Markers are few (one per failed answer) and live in one partition per UTC day and server
/// (<c>yyyyMMdd|server</c>). Each instance keeps a copy of a server's partition, read again when it is
/// older than <see cref="EventsOptions.RetryMarkerFreshMilliseconds"/>: a call looks its body up in
/// memory, and a busy server costs one query per that time, not one read per hook. A retry comes
/// <c>hook.retry_delay</c> (3 s) after its failed answer, and the marker is written before that answer
/// is sent, so a copy younger than the retry delay has it. A retry is looked up in today's partition
/// (and yesterday's just after midnight); <see cref="SweepAsync"/> deletes the days before yesterday,
/// reading only those rows.
/// </summary>
public sealed class EventIdentity(Tables tables, IServerLifetimes lifetimes, IOptions<EventsOptions> options, TimeProvider clock, ILogger<EventIdentity> logger) : IDisposable
{
    public const string Table = "eventids";

    /// <summary>Bounded: one marker per failed answer, kept for the retry window.</summary>
    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>The copy of each (day, server) partition's markers, with when it was read; bounded.</summary>
    private readonly MemoryCache _partitions = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<PartitionCopy>>> _reading = new(StringComparer.Ordinal);

    private sealed record PartitionCopy(Dictionary<string, Marker> Markers, DateTimeOffset ReadAt);

    public void Dispose()
    {
        _memory.Dispose();
        _partitions.Dispose();
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string PartitionOf(DateTimeOffset day, string server) => Day(day) + KeyEncoding.Separator + KeyEncoding.Encode(server);

    /// <param name="AnsweredIndex">The hook_index of the retry that was answered, if one was.</param>
    private sealed record Marker(string Id, DateTimeOffset FirstSeen, DateTimeOffset FailedAt, long? AnsweredIndex);

    /// <param name="bodyNamesNotification">The hook's bodies name their notification (<see cref="Hook.BodyNamesNotification"/>):
    /// the id comes from the body alone, whichever attempt arrives first.</param>
    public async Task<EventOccurrence> ResolveAsync(string server, string digest, long? hookIndex, bool bodyNamesNotification, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromSeconds(options.Value.RetryWindowSeconds);
        var partition = PartitionOf(now, server);
        var marker = await ReadAsync(partition, digest, cancellationToken);
        if (marker is null && Day(now - window) != Day(now))
        {
            // Just after midnight: the failed attempt may be in yesterday's partition.
            var yesterday = PartitionOf(now - window, server);
            if (await ReadAsync(yesterday, digest, cancellationToken) is { } earlier)
                (marker, partition) = (earlier, yesterday);
        }
        if (marker is not null && now - marker.FailedAt <= window && (marker.AnsweredIndex is null || marker.AnsweredIndex == hookIndex))
            return new EventOccurrence(marker.Id, marker.FirstSeen, partition, digest, Retry: true, hookIndex);

        var lifetime = await lifetimes.GetAsync(server, cancellationToken);
        // Without a hook_index (not MediaServer) nothing tells a delivery from the next: the arrival does.
        // A recording file is one notification however often it is delivered: MediaServer's retry may
        // overtake a first attempt held up on the way, and both must carry one id.
        var attempt = bodyNamesNotification ? "body"
            : hookIndex?.ToString(CultureInfo.InvariantCulture) ?? "t" + now.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{digest}#{lifetime.Epoch}#{attempt}")))[..32];
        return new EventOccurrence(id, now, PartitionOf(now, server), digest, Retry: false, hookIndex);
    }

    /// <summary>Remembers a failed answer (its retry will come with the same body), and which retry
    /// was answered. A first attempt answered writes nothing.</summary>
    public async Task RecordAsync(EventOccurrence occurrence, bool acked, CancellationToken cancellationToken)
    {
        if (acked && !occurrence.Retry) return;
        var key = occurrence.Partition + "\n" + occurrence.Row;
        var copy = _partitions.Get<PartitionCopy>(occurrence.Partition);
        // A retry answered keeps its marker's failure time: the window counts from the failure.
        var known = _memory.Get<Marker>(key) ?? copy?.Markers.GetValueOrDefault(occurrence.Row);
        var failedAt = acked ? known?.FailedAt ?? clock.GetUtcNow() : clock.GetUtcNow();
        var marker = new Marker(occurrence.Id, occurrence.Time, failedAt, acked ? occurrence.HookIndex ?? -1 : null);
        try
        {
            await tables[Table].UpsertEntityAsync(new TableEntity(occurrence.Partition, occurrence.Row)
            {
                ["EventId"] = marker.Id,
                ["FirstSeen"] = marker.FirstSeen,
                ["FailedAt"] = marker.FailedAt,
                ["AnsweredIndex"] = marker.AnsweredIndex,
            }, TableUpdateMode.Replace, cancellationToken);
            _memory.Remove(key);
            if (copy is not null)
                _partitions.Set(occurrence.Partition, copy with { Markers = new(copy.Markers, StringComparer.Ordinal) { [occurrence.Row] = marker } },
                    new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        }
        catch (Exception e)
        {
            // Kept in this instance's memory: the answer does not depend on remembering it across instances.
            _memory.Set(key, marker, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(Math.Max(1, options.Value.RetryWindowSeconds)) });
            EventLog.IdentityNotStored(logger, e.GetType().Name);
        }
    }

    private async Task<Marker?> ReadAsync(string partition, string row, CancellationToken cancellationToken)
    {
        if (_memory.Get<Marker>(partition + "\n" + row) is { } remembered) return remembered;
        var copy = _partitions.Get<PartitionCopy>(partition);
        if (copy is null || clock.GetUtcNow() - copy.ReadAt >= TimeSpan.FromMilliseconds(options.Value.RetryMarkerFreshMilliseconds))
        {
            // Concurrent calls for one server share one query.
            var reading = _reading.GetOrAdd(partition, p => new Lazy<Task<PartitionCopy>>(() => ReadPartitionAsync(p)));
            try
            {
                copy = await reading.Value.WaitAsync(cancellationToken);
                _partitions.Set(partition, copy, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                EventLog.IdentityNotStored(logger, e.Message);
                return null;
            }
            finally
            {
                _reading.TryRemove(new KeyValuePair<string, Lazy<Task<PartitionCopy>>>(partition, reading));
            }
        }
        return copy.Markers.GetValueOrDefault(row);
    }

    private async Task<PartitionCopy> ReadPartitionAsync(string partition)
    {
        var readAt = clock.GetUtcNow();
        var markers = new Dictionary<string, Marker>(StringComparer.Ordinal);
        try
        {
            await foreach (var e in tables[Table].QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                select: ["RowKey", "EventId", "FirstSeen", "FailedAt", "AnsweredIndex"]))
            {
                // A row of the earlier format (occurrence counts) is not a marker.
                if (e.GetString("EventId") is { Length: 32 } id)
                    markers[e.RowKey] = new Marker(id, e.GetDateTimeOffset("FirstSeen") ?? readAt, e.GetDateTimeOffset("FailedAt") ?? DateTimeOffset.MinValue, e.GetInt64("AnsweredIndex"));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No table yet: no markers.
        }
        return new PartitionCopy(markers, readAt);
    }

    /// <summary>Deletes the rows of the days before yesterday (at most <paramref name="limit"/> rows a
    /// call); returns how many. Reads only those rows: their partitions sort before yesterday's.</summary>
    public async Task<int> SweepAsync(int limit, CancellationToken cancellationToken)
    {
        var before = Day(clock.GetUtcNow().AddDays(-1));
        var table = tables[Table];
        var deleted = 0;
        var batch = new List<TableTransactionAction>(100);
        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            await table.SubmitTransactionAsync(batch, cancellationToken);
            deleted += batch.Count;
            batch.Clear();
        }
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey lt {before}"),
                select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                if (batch.Count == 100 || (batch.Count > 0 && batch[0].Entity.PartitionKey != row.PartitionKey)) await FlushAsync();
                batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
                if (deleted + batch.Count >= limit) break;
            }
            await FlushAsync();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No table: nothing to sweep.
        }
        return deleted;
    }
}
