using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Storage;

/// <summary>
/// The last version of each row this instance read or wrote, with its ETag, for rows that are edited
/// far more often than anyone else edits them (a stream's registry row, a server's health row). An
/// edit starts from the cached version and writes it with <c>If-Match</c> on its ETag: one round trip
/// instead of a read and a write. If another instance wrote the row since, the write is refused
/// (412) and the edit reads the row and is redone, so the cache can be stale but an edit never is.
/// Bounded like <see cref="CachedReads"/> (<see cref="StorageOptions.CachedRows"/>).
/// </summary>
public sealed class RowCache(TimeProvider clock, IOptions<StorageOptions> options) : IDisposable
{
    private readonly MemoryCache _rows = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.CachedRows) });

    /// <summary>A copy of the cached row (the caller may change it) and when it was read or written.</summary>
    public bool TryGet(TableClient table, string partitionKey, string rowKey, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TableEntity? row, out DateTimeOffset at)
    {
        if (_rows.Get<Entry>(new RowAddress(table.Name, partitionKey, rowKey)) is { } cached)
        {
            row = new TableEntity(cached.Row) { ETag = cached.Row.ETag };
            at = cached.At;
            return true;
        }
        row = null;
        at = default;
        return false;
    }

    /// <summary>Keeps a copy of <paramref name="row"/>, whose ETag is the stored version's.</summary>
    public void Set(TableClient table, TableEntity row) =>
        _rows.Set(new RowAddress(table.Name, row.PartitionKey, row.RowKey), new Entry(new TableEntity(row) { ETag = row.ETag }, clock.GetUtcNow()),
            new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });

    public void Remove(TableClient table, string partitionKey, string rowKey) => _rows.Remove(new RowAddress(table.Name, partitionKey, rowKey));

    public void Dispose() => _rows.Dispose();

    private readonly record struct RowAddress(string Table, string PartitionKey, string RowKey);

    private sealed record Entry(TableEntity Row, DateTimeOffset At);
}
