using Azure;
using Azure.Data.Tables;

namespace ZlmHooks.Storage;

/// <summary>
/// Group commit of row writes within one partition. The first write of a partition goes out alone at
/// once; the writes that arrive while it is in flight (a restarting server's streams, each with six
/// schemas to register, all in the server's partition) are sent together in one entity-group
/// transaction when it returns. Under load a partition costs one round trip per batch instead of one
/// per row, which is what keeps a notification's latency near one storage call when a whole server
/// reconnects; at low load nothing waits.
///
/// Each write keeps its own outcome: if the transaction is refused because one of its rows was
/// written by someone else (412) or exists already (409), nothing of it was applied; that row's
/// writer gets the refusal (and redoes its edit from a fresh read) and the others go in the next
/// transaction, so only that row's caller sees the conflict.
///
/// A transaction holds each row once: a second write of a row (which <see cref="RowWriter"/> does
/// not make, since a row's edits are merged into one write at a time) goes in the next transaction,
/// after the first.
/// </summary>
internal sealed class GroupCommit
{
    // Entity-group transactions: at most 100 operations and a 4 MiB body. Rows here are estimated
    // and a batch stops well before the body limit.
    private const int MaxActions = 100;
    private const long MaxBytes = 2 * 1024 * 1024;

    private readonly Batches<(string Table, string PartitionKey), Write> _writes = new();

    /// <summary>Adds (<paramref name="exists"/> false) or replaces with <c>If-Match</c> on its ETag.</summary>
    /// <returns>The row's write response (its ETag).</returns>
    public async Task<Response> WriteAsync(TableClient table, TableEntity row, bool exists)
    {
        var write = new Write(row, exists, new TaskCompletionSource<Response>(TaskCreationOptions.RunContinuationsAsynchronously));
        _writes.Add((table.Name, row.PartitionKey), write, Next, batch => batch.Count == 1 ? AloneAsync(table, batch[0]) : TogetherAsync(table, batch));
        return await write.Done.Task;
    }

    /// <summary>The writes that fit one transaction, in order (at least one), at most one per row: a
    /// transaction may hold a row once (storage refuses the whole of it otherwise, 400
    /// InvalidDuplicateRow), so a second write of a row already taken, and every write of that row
    /// after it, waits for the next transaction, in the order they were made.</summary>
    private static List<Write> Next(List<Write> waiting)
    {
        var batch = new List<Write>(Math.Min(waiting.Count, MaxActions));
        var rows = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        var kept = 0;
        var full = false;
        for (var i = 0; i < waiting.Count; i++)
        {
            var write = waiting[i];
            // Once one does not fit, the rest wait, so no row's later write overtakes its earlier one.
            full = full || batch.Count == MaxActions || (batch.Count > 0 && bytes + write.Bytes > MaxBytes);
            if (!full && rows.Add(write.Row.RowKey))
            {
                batch.Add(write);
                bytes += write.Bytes;
            }
            else
            {
                waiting[kept++] = write;
            }
        }
        waiting.RemoveRange(kept, waiting.Count - kept);
        return batch;
    }

    /// <returns>The writes to send again: the rest of a transaction one of whose rows was refused.</returns>
    private static async Task<List<Write>?> TogetherAsync(TableClient table, List<Write> batch)
    {
        try
        {
            var actions = batch.ConvertAll(w => w.Exists
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, w.Row, w.Row.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, w.Row));
            var responses = (await table.SubmitTransactionAsync(actions)).Value;
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(responses[i]);
            return null;
        }
        catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex is { } failed && failed >= 0 && failed < batch.Count)
        {
            // One row refused the transaction (another instance wrote it: 412) and none of it was
            // applied. That row's writer gets the refusal and redoes its edit; the others go again.
            batch[failed].Done.TrySetException(e);
            batch.RemoveAt(failed);
            return batch;
        }
        catch (TableTransactionFailedException)
        {
            // Refused as a whole without naming a row: each on its own.
            await Task.WhenAll(batch.Select(w => AloneAsync(table, w)));
            return null;
        }
#pragma warning disable CA1031 // the storage failure is every write's
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var w in batch) w.Done.TrySetException(e);
            return null;
        }
    }

    private static async Task<List<Write>?> AloneAsync(TableClient table, Write write)
    {
        try
        {
            write.Done.TrySetResult(write.Exists
                ? await table.UpdateEntityAsync(write.Row, write.Row.ETag, TableUpdateMode.Replace)
                : await table.AddEntityAsync(write.Row));
        }
#pragma warning disable CA1031 // handed to the writer, who decides (a 412 is redone there)
        catch (Exception e)
#pragma warning restore CA1031
        {
            write.Done.TrySetException(e);
        }
        return null;
    }

    private sealed record Write(TableEntity Row, bool Exists, TaskCompletionSource<Response> Done)
    {
        /// <summary>Roughly what the row adds to a transaction's body (UTF-8 JSON, names and values).</summary>
        public long Bytes { get; } = 512 + Row.Sum(p => 16L + p.Key.Length * 2 + (p.Value is string s ? s.Length * 3L : 32));
    }
}
