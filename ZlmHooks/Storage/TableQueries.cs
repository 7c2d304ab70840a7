using Azure;
using Azure.Data.Tables;

namespace ZlmHooks.Storage;

/// <summary>Whole-table reads for the admin API and commands and the outbox drain (never on a hook's path).</summary>
public static class TableQueries
{
    /// <summary>Every row, or none when the table has not been created yet.</summary>
    public static async IAsyncEnumerable<TableEntity> AllRowsAsync(this TableClient table, IEnumerable<string>? select = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pages = table.QueryAsync<TableEntity>(select: select, cancellationToken: cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync()) yield break;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                yield break;
            }
            foreach (var row in enumerator.Current.Values) yield return row;
        }
    }
}
