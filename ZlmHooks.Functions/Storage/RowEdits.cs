using Azure;
using Azure.Data.Tables;

namespace ZlmHooks.Storage;

/// <summary>
/// Read-modify-write of one table row with optimistic concurrency: the write carries the ETag of the
/// read, and when another writer got there first the row is read again and the edit redone on top of
/// theirs (with a short jittered back-off), so concurrent writers never lose an update. With a
/// <see cref="RowCache"/> the first attempt starts from the cached version instead of a read: one round
/// trip when no other instance wrote the row since.
/// </summary>
public static class RowEdits
{
    public const int MaxAttempts = 20;

    /// <param name="create">The row to start from when there is none yet.</param>
    /// <param name="edit">Changes the row in place (given whether it existed) and says what to do with it.</param>
    /// <returns>Whether the row was written or deleted.</returns>
    public static async Task<bool> EditRowAsync(this TableClient table, string partitionKey, string rowKey,
        Func<TableEntity> create, Func<TableEntity, bool, RowEdit> edit, CancellationToken cancellationToken, RowCache? cache = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            TableEntity? stored = null;
            var fromCache = attempt == 0 && cache is not null && cache.TryGet(table, partitionKey, rowKey, out stored, out _);
            if (!fromCache)
            {
                var read = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
                stored = read.HasValue ? read.Value : null;
            }
            var exists = stored is not null;
            var row = stored ?? create();
            var change = edit(row, exists);
            try
            {
                switch (change)
                {
                    case RowEdit.Unchanged:
                        if (!fromCache && stored is not null) cache?.Set(table, stored);
                        return false;
                    case RowEdit.Delete:
                        cache?.Remove(table, partitionKey, rowKey);
                        if (exists) await table.DeleteEntityAsync(partitionKey, rowKey, row.ETag, cancellationToken);
                        return exists;
                    default:
                        Columns.Fit(row);
                        var written = exists
                            ? await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken)
                            : await table.AddEntityAsync(row, cancellationToken);
                        if (cache is not null)
                        {
                            row.ETag = written.Headers.ETag ?? default;
                            if (written.Headers.ETag is null) cache.Remove(table, partitionKey, rowKey);
                            else cache.Set(table, row);
                        }
                        return true;
                }
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 && attempt < MaxAttempts && (e.Status != 404 || exists))
            {
                // Someone else wrote (or deleted) the row since our version: read it and redo the edit.
                cache?.Remove(table, partitionKey, rowKey);
                if (!fromCache) await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }
    }
}
