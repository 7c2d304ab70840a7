using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

/// <summary>
/// Gives each notification its CloudEvent id and time, the same for MediaServer's retries of it and
/// different for distinct notifications, even when their bodies are identical (an idle server's
/// keepalives, a stream unregistered twice an hour apart).
///
/// The id is SHA-256(type, source, body without hook_index, occurrence). MediaServer resends a body
/// only after a failed answer (a non-200, or no answer within hook.timeoutSec), with a new hook_index.
/// So an identical body that arrives while the previous one's answer was a failure is a retry (same
/// occurrence); the same body with the same hook_index (above 0) again is a duplicate delivery (same occurrence);
/// an identical body after a successful answer is a new notification (next occurrence). The state
/// lives in the table <c>&lt;prefix&gt;eventids</c> (shared by every instance), in memory when it is down.
///
/// Rows are only needed for the retry window, so they live in one partition per UTC day and server
/// (<c>yyyyMMdd|server</c>): a retry is looked up in today's partition (and yesterday's just after
/// midnight), and <see cref="SweepAsync"/> deletes the days before yesterday, reading only those rows.
/// The day is part of the id, so an occurrence count that starts again each day never repeats an id.
/// </summary>
public sealed class EventIdentity(Tables tables, IOptions<EventsOptions> options, TimeProvider clock, ILogger<EventIdentity> logger) : IDisposable
{
    public const string Table = "eventids";

    /// <summary>Bounded: one entry per distinct notification, kept for the retry window.</summary>
    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public void Dispose() => _memory.Dispose();

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string PartitionOf(DateTimeOffset day, string server) => Day(day) + KeyEncoding.Separator + KeyEncoding.Encode(server);

    private sealed record Seen(int Occurrence, bool Acked, long? HookIndex, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, ETag ETag);

    public async Task<EventOccurrence> ResolveAsync(string server, string digest, long? hookIndex, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromSeconds(options.Value.RetryWindowSeconds);
        var partition = PartitionOf(now, server);
        var seen = await ReadAsync(partition, digest, cancellationToken);
        if (seen is null && Day(now - window) != Day(now))
        {
            // Just after midnight: the first attempt may be in yesterday's partition.
            var yesterday = PartitionOf(now - window, server);
            if (await ReadAsync(yesterday, digest, cancellationToken) is { } earlier)
                (seen, partition) = (earlier, yesterday);
        }
        int occurrence;
        DateTimeOffset first;
        // hook_index 0 is every process's first hook (on_server_started): after a restart the same body
        // and index come again as a new notification, so index 0 never marks a duplicate delivery.
        var duplicate = hookIndex is > 0 && seen?.HookIndex == hookIndex;
        if (seen is not null && now - seen.LastSeen <= window && (!seen.Acked || duplicate))
        {
            occurrence = seen.Occurrence; // a retry after our failure, or the same delivery again
            first = seen.FirstSeen;
        }
        else
        {
            occurrence = (seen?.Occurrence ?? 0) + 1;
            first = now;
        }
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{digest}#{partition[..8]}#{occurrence}")))[..32];
        return new EventOccurrence(id, first, partition, digest, occurrence, hookIndex);
    }

    /// <summary>Remembers how the notification was answered; a failed answer means the next identical
    /// body is its retry.</summary>
    public async Task RecordAsync(EventOccurrence ticket, bool acked, CancellationToken cancellationToken)
    {
        var seen = new Seen(ticket.Occurrence, acked, ticket.HookIndex, ticket.Time, clock.GetUtcNow(), default);
        _memory.Set(ticket.Partition + "\n" + ticket.Row, seen,
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(Math.Max(1, options.Value.RetryWindowSeconds)) });
        try
        {
            var table = tables[Table];
            await table.UpsertEntityAsync(new TableEntity(ticket.Partition, ticket.Row)
            {
                ["Occurrence"] = seen.Occurrence,
                ["Acked"] = seen.Acked,
                ["HookIndex"] = seen.HookIndex,
                ["FirstSeen"] = seen.FirstSeen,
                ["LastSeen"] = seen.LastSeen,
            }, TableUpdateMode.Replace, cancellationToken);
        }
        catch (Exception e)
        {
            // In memory it is: the answer does not depend on remembering it across instances.
            EventLog.IdentityNotStored(logger, e.GetType().Name);
        }
    }

    private async Task<Seen?> ReadAsync(string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tables[Table].GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (!response.HasValue) return _memory.Get<Seen>(partition + "\n" + row);
            var e = response.Value!;
            return new Seen(e.GetInt32("Occurrence") ?? 0, e.GetBoolean("Acked") ?? true, e.GetInt64("HookIndex"),
                e.GetDateTimeOffset("FirstSeen") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("LastSeen") ?? DateTimeOffset.MinValue, e.ETag);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EventLog.IdentityNotStored(logger, e.Message);
            return _memory.Get<Seen>(partition + "\n" + row);
        }
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
