using Azure;
using Azure.Data.Tables;

namespace ZlmHooks.Storage;

/// <summary>
/// Read-modify-write of rows that many hooks edit at once (a stream's registry row gets one
/// on_stream_changed per schema, all within milliseconds): the edits this instance receives for one
/// row while a write of it is under way are applied together and written once, starting from the
/// cached version (<see cref="RowCache"/>) with <c>If-Match</c> on its ETag. A row's edits cost one
/// round trip per batch instead of a read and a write each, and they never race each other. If
/// another instance wrote the row since, the write is refused (412), the row read again and every
/// edit of the batch redone on top, as <see cref="RowEdits"/> does. Writes of different rows of one
/// partition that are ready at once go out in one transaction (<see cref="GroupCommit"/>).
/// </summary>
public sealed class RowWriter(RowCache cache)
{
    private readonly Batches<(string Table, string PartitionKey, string RowKey), PendingEdit> _edits = new();
    private readonly GroupCommit _commits = new();

    /// <param name="create">The row to start from when there is none yet.</param>
    /// <param name="edit">Changes the row in place; true when it changed it. It may run more than once
    /// (after a conflict), each time on a fresh copy.</param>
    /// <returns>Whether this edit changed the row (and the row was written).</returns>
    public async Task<bool> EditAsync(TableClient table, string partitionKey, string rowKey, Func<TableEntity> create, Func<TableEntity, bool> edit)
    {
        var pending = new PendingEdit(edit, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        // Every edit that gathered while the row was being written goes into the next write.
        _edits.Add((table.Name, partitionKey, rowKey), pending, All, batch => WriteBatchAsync(table, partitionKey, rowKey, create, batch));
        return await pending.Done.Task;
    }

    private static List<PendingEdit> All(List<PendingEdit> waiting)
    {
        List<PendingEdit> batch = [.. waiting];
        waiting.Clear();
        return batch;
    }

    private async Task<List<PendingEdit>?> WriteBatchAsync(TableClient table, string partitionKey, string rowKey, Func<TableEntity> create, List<PendingEdit> batch)
    {
        try
        {
            var changed = await WriteAsync(table, partitionKey, rowKey, create, batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(changed[i]);
        }
#pragma warning disable CA1031 // every edit of the batch fails with the write, whatever failed
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var p in batch) p.Done.TrySetException(e);
        }
        return null;
    }

    private async Task<bool[]> WriteAsync(TableClient table, string partitionKey, string rowKey, Func<TableEntity> create, List<PendingEdit> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            TableEntity? stored = null;
            var fromCache = attempt == 0 && cache.TryGet(table, partitionKey, rowKey, out stored, out _);
            if (!fromCache)
            {
                var read = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey);
                stored = read.HasValue ? read.Value : null;
            }
            var exists = stored is not null;
            var row = stored ?? create();
            var changed = batch.ConvertAll(p => p.Edit(row)).ToArray();
            if (!changed.Any(c => c))
            {
                if (!fromCache && stored is not null) cache.Set(table, stored);
                return changed;
            }
            try
            {
                Columns.Fit(row);
                var written = await _commits.WriteAsync(table, row, exists);
                if (written.Headers.ETag is { } etag)
                {
                    row.ETag = etag;
                    cache.Set(table, row);
                }
                else
                {
                    cache.Remove(table, partitionKey, rowKey);
                }
                return changed;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 && attempt < RowEdits.MaxAttempts)
            {
                // Another instance wrote (or deleted) the row since our version: read it, redo the edits.
                cache.Remove(table, partitionKey, rowKey);
                if (!fromCache) await Contention.BackOffAsync(attempt, CancellationToken.None);
            }
        }
    }

    private sealed record PendingEdit(Func<TableEntity, bool> Edit, TaskCompletionSource<bool> Done);
}
