using Azure;
using Azure.Data.Tables;

namespace ZlmHooks.Storage;

/// <summary>
/// Read-modify-write of one table row with optimistic concurrency: the write carries the ETag of the
/// read, and when another writer got there first the row is read again and the edit redone on top of
/// theirs (with a short jittered back-off), so concurrent writers never lose an update.
/// </summary>
public static class RowEdits
{
    public const int MaxAttempts = 20;

    /// <param name="create">The row to start from when there is none yet.</param>
    /// <param name="edit">Changes the row in place (given whether it existed) and says what to do with it.</param>
    /// <returns>Whether the row was written or deleted.</returns>
    public static async Task<bool> EditRowAsync(this TableClient table, string partitionKey, string rowKey,
        Func<TableEntity> create, Func<TableEntity, bool, RowEdit> edit, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            var row = current.HasValue ? current.Value! : create();
            var change = edit(row, current.HasValue);
            try
            {
                switch (change)
                {
                    case RowEdit.Unchanged:
                        return false;
                    case RowEdit.Delete:
                        if (current.HasValue) await table.DeleteEntityAsync(partitionKey, rowKey, row.ETag, cancellationToken);
                        return current.HasValue;
                    default:
                        Columns.Fit(row);
                        if (current.HasValue) await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                        else await table.AddEntityAsync(row, cancellationToken);
                        return true;
                }
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }
    }
}
