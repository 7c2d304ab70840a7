using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

/// <summary>
/// Events that could not be published yet, kept durably in the table <c>&lt;prefix&gt;outbox</c>:
/// PartitionKey = the event's partition (one stream on one server, or the server), RowKey = arrival
/// time + id, so a partition reads back in arrival order. Re-published by <see cref="OutboxDrainer"/>.
/// </summary>
public sealed class Outbox(Tables tables, TimeProvider clock)
{
    public const string Table = "outbox";
    private const int ChunkBytes = 60_000;
    private long _sequence;

    public async Task AppendAsync(StreamEvent e, CancellationToken cancellationToken)
    {
        var table = tables[Table];
        var encoded = e.Encode();
        // Arrival time, then this instance's own sequence (two events can share a clock tick).
        var sequence = Interlocked.Increment(ref _sequence);
        var row = new TableEntity(KeyEncoding.Encode(e.Partition),
            $"{clock.GetUtcNow().UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{sequence.ToString("D12", CultureInfo.InvariantCulture)}-{e.Id}")
        {
            ["Type"] = e.Type,
            ["EventId"] = e.Id,
            // For a person reading the table; a string column holds at most 32K characters (the event keeps all).
            ["Subject"] = e.Subject is { Length: > 1024 } subject ? subject[..1024] : e.Subject,
        };
        for (var i = 0; i * ChunkBytes < encoded.Length; i++)
            row[$"Event{i}"] = encoded.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, encoded.Length - i * ChunkBytes)).ToArray();
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every waiting event, grouped by partition, each partition in arrival order.</summary>
    public async Task<List<List<OutboxEntry>>> PendingAsync(CancellationToken cancellationToken)
    {
        var byPartition = new Dictionary<string, List<OutboxEntry>>(StringComparer.Ordinal);
        await foreach (var row in tables[Table].AllRowsAsync(cancellationToken: cancellationToken))
        {
            var bytes = new List<byte>();
            for (var i = 0; row.GetBinary($"Event{i}") is { } chunk; i++) bytes.AddRange(chunk);
            if (!byPartition.TryGetValue(row.PartitionKey, out var list)) byPartition[row.PartitionKey] = list = [];
            list.Add(new OutboxEntry(row.PartitionKey, row.RowKey, [.. bytes]));
        }
        return [.. byPartition.Values.Select(l => l.OrderBy(p => p.Row, StringComparer.Ordinal).ToList())];
    }

    /// <summary>Removes published events of one partition, up to 100 in one transaction.</summary>
    public async Task RemoveAsync(IReadOnlyList<OutboxEntry> published, CancellationToken cancellationToken)
    {
        var table = tables[Table];
        try
        {
            await table.SubmitTransactionAsync(
                published.Select(p => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(p.Partition, p.Row), ETag.All)), cancellationToken);
        }
        catch (TableTransactionFailedException)
        {
            // Another instance drained some of them first (a missing row fails the whole transaction):
            // delete them one by one.
            foreach (var p in published)
            {
                try
                {
                    await table.DeleteEntityAsync(p.Partition, p.Row, ETag.All, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                }
            }
        }
    }
}
