using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace ZlmHooks.Storage;

/// <summary>
/// Point reads (PartitionKey + RowKey, never a query) with a short-lived cache of every answer,
/// "absent" included. A fresh entry is served without a read; when a read fails or runs out of time
/// an entry younger than the grace period is served instead; only then does the read fail.
/// Concurrent misses for the same row share one read.
/// </summary>
public sealed class CachedReads(TimeProvider clock)
{
    // Keyed by (table, partition, row) as a struct: a warm lookup allocates no key string.
    private readonly ConcurrentDictionary<RowAddress, Entry> _entries = new();
    private readonly ConcurrentDictionary<RowAddress, Lazy<Task<TableEntity?>>> _inFlight = new();

    /// <summary>Reads a row and keeps <paramref name="map"/>'s view of it (so a row's JSON is parsed
    /// once per read, not once per decision). <paramref name="map"/> gets null for an absent row.</summary>
    public async ValueTask<T> GetAsync<T>(TableClient table, string partitionKey, string rowKey, Func<TableEntity?, T> map,
        TimeSpan freshFor, TimeSpan grace, CancellationToken cancellationToken)
    {
        var key = new RowAddress(table.Name, partitionKey, rowKey);
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && now - cached.ReadAt < freshFor)
            return (T)cached.Value!;

        var read = _inFlight.GetOrAdd(key, _ => new Lazy<Task<TableEntity?>>(() => ReadAsync(table, partitionKey, rowKey, cancellationToken)));
        try
        {
            var value = map(await read.Value.WaitAsync(cancellationToken));
            _entries[key] = new Entry(value, clock.GetUtcNow());
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

    /// <summary>The cached view of a row when it is still fresh: no read, no allocation.</summary>
    public bool TryGetFresh<T>(TableClient table, string partitionKey, string rowKey, TimeSpan freshFor, out T value)
    {
        if (_entries.TryGetValue(new RowAddress(table.Name, partitionKey, rowKey), out var cached) && clock.GetUtcNow() - cached.ReadAt < freshFor)
        {
            value = (T)cached.Value!;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Forgets every cached row (the admin commands write through another process; this is
    /// for tests and for an operator's explicit refresh).</summary>
    public void Clear() => _entries.Clear();

    private static async Task<TableEntity?> ReadAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private readonly record struct RowAddress(string Table, string PartitionKey, string RowKey);

    private sealed record Entry(object? Value, DateTimeOffset ReadAt);
}
