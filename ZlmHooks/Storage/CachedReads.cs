using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Storage;

/// <summary>
/// Point reads (PartitionKey + RowKey, never a query) with a short-lived cache of every answer,
/// "absent" included. A fresh entry is served without a read; when a read fails or runs out of time
/// an entry younger than the grace period is served instead; only then does the read fail.
/// Concurrent misses for the same row share one read. Bounded (<see cref="StorageOptions.CachedRows"/>):
/// a client can ask for any number of stream names, and each answer, "absent" too, is an entry.
/// </summary>
public sealed class CachedReads(TimeProvider clock, IOptions<StorageOptions> options) : IDisposable
{
    // Keyed by (table, partition, row) as a struct: no key string is built for a lookup.
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.CachedRows) });
    private readonly MemoryCache _combined = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.CachedRows) });

    private readonly ConcurrentDictionary<RowAddress, Lazy<Task<TableEntity?>>> _inFlight = new();

    /// <summary>Reads a row and keeps <paramref name="map"/>'s view of it (so a row's JSON is parsed
    /// once per read, not once per decision). <paramref name="map"/> gets null for an absent row.</summary>
    public async ValueTask<T> GetAsync<T>(TableClient table, string partitionKey, string rowKey, Func<TableEntity?, T> map,
        TimeSpan freshFor, TimeSpan grace, CancellationToken cancellationToken)
    {
        var key = new RowAddress(table.Name, partitionKey, rowKey);
        var now = clock.GetUtcNow();
        var cached = _entries.Get<Entry>(key);
        if (cached is not null && now - cached.ReadAt < freshFor)
            return (T)cached.Value!;

        var read = _inFlight.GetOrAdd(key, _ => new Lazy<Task<TableEntity?>>(() => ReadAsync(table, partitionKey, rowKey, cancellationToken)));
        try
        {
            var value = map(await read.Value.WaitAsync(cancellationToken));
            // Kept while it may still serve: fresh, then as a fallback through the grace period. Real
            // time, not sliding (that would write the entry on every warm lookup); the clock judges freshness.
            _entries.Set(key, new Entry(value, clock.GetUtcNow()), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = freshFor + grace + TimeSpan.FromSeconds(1) });
            return value;
        }
#pragma warning disable CA1031 // every failure of the store, whatever its type, is handled the same way
        catch (Exception e)
#pragma warning restore CA1031
        {
            // Whatever the store's failure looks like (the SDK's RequestFailedException, a reset socket,
            // the decision's time budget running out), a recent read may still decide; only then is
            // the store "unavailable".
            if (cached is not null && now - cached.ReadAt < grace)
                return (T)cached.Value!;
            throw new StoreUnavailableException($"table {table.Name} could not be read", e);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<RowAddress, Lazy<Task<TableEntity?>>>(key, read));
        }
    }

    /// <summary>The cached view of a row when it is still fresh, and when it was read: no read, no allocation.</summary>
    public bool TryGetFresh<T>(TableClient table, string partitionKey, string rowKey, TimeSpan freshFor, out T value, out DateTimeOffset readAt)
    {
        if (_entries.Get<Entry>(new RowAddress(table.Name, partitionKey, rowKey)) is { } cached && clock.GetUtcNow() - cached.ReadAt < freshFor)
        {
            value = (T)cached.Value!;
            readAt = cached.ReadAt;
            return true;
        }
        value = default!;
        readAt = default;
        return false;
    }

    /// <summary>A value computed from several cached rows (a decision's four rule rows), kept while the
    /// oldest of them is fresh: a warm decision makes one lookup instead of one per row.</summary>
    public bool TryGetCombined<T>(object key, TimeSpan freshFor, out T value)
    {
        if (_combined.Get<Entry>(key) is { } combined && clock.GetUtcNow() - combined.ReadAt < freshFor)
        {
            value = (T)combined.Value!;
            return true;
        }
        value = default!;
        return false;
    }

    /// <param name="oldestReadAt">When the oldest of the rows it was computed from was read.</param>
    public void SetCombined(object key, object value, DateTimeOffset oldestReadAt, TimeSpan freshFor) =>
        _combined.Set(key, new Entry(value, oldestReadAt), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = freshFor + TimeSpan.FromSeconds(1) });

    /// <summary>Forgets every cached row (the admin commands write through another process; this is
    /// for tests and for an operator's explicit refresh).</summary>
    public void Clear()
    {
        _entries.Clear();
        _combined.Clear();
    }

    /// <summary>The clock freshness is judged by (for a caller that reads and then keeps a combination).</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>How many rows are cached now (for tests and the benchmark).</summary>
    public int Count => _entries.Count;

    public void Dispose()
    {
        _entries.Dispose();
        _combined.Dispose();
    }

    private static async Task<TableEntity?> ReadAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private readonly record struct RowAddress(string Table, string PartitionKey, string RowKey);

    private sealed record Entry(object? Value, DateTimeOffset ReadAt);
}
