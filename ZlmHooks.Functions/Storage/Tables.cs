using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Storage;

/// <summary>The app's Table Storage clients, one per table, sharing one pipeline.</summary>
public sealed class Tables
{
    private readonly TableServiceClient _service;
    private readonly string _prefix;

    // Rows are read as TableEntity, which Azure.Data.Tables creates with Activator.CreateInstance<T>():
    // keep its constructor in the Native AOT build (Azure/azure-sdk-for-net#47687).
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(TableEntity))]
    public Tables(IOptions<StorageOptions> options, IEnumerable<HttpPipelinePolicy> policies)
    {
        var storage = options.Value;
        var clientOptions = new TableClientOptions();
        // The hook path has its own time budget and a stale-cache fallback: one quick retry, no more.
        clientOptions.Retry.MaxRetries = 1;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(50);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        clientOptions.AddPolicy(new CreateTableBody(), HttpPipelinePosition.PerCall);
        foreach (var policy in policies)
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerRetry);

        if (!string.IsNullOrWhiteSpace(storage.Connection))
            _service = new TableServiceClient(storage.Connection, clientOptions);
        else if (!string.IsNullOrWhiteSpace(storage.Account))
            _service = new TableServiceClient(new Uri($"https://{storage.Account}.table.core.windows.net"), new Azure.Identity.DefaultAzureCredential(), clientOptions);
        else
            throw new InvalidOperationException("Table storage is not configured: set ZlmHooks__Storage__Connection or ZlmHooks__Storage__Account.");
        _prefix = storage.TablePrefix;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TableClient> _clients = new(StringComparer.Ordinal);

    /// <summary>One client per table for the life of the app: building one builds its URI, which the
    /// warm on_play path would otherwise pay on every call (docs/benchmarks.md).</summary>
    public TableClient this[string name] => _clients.GetOrAdd(name, static (n, self) => self._service.GetTableClient(self._prefix + n), this);

    /// <summary>The table, created if need be the first time a writer asks for it in this process (reads
    /// never need it: a missing table reads as no rows).</summary>
    public async Task<TableClient> ReadyAsync(string name, CancellationToken cancellationToken)
    {
        var table = this[name];
        var creation = _created.GetOrAdd(name, _ =>
        {
            using (CreateTableBody.Scope(table.Name))
                return table.CreateIfNotExistsAsync(CancellationToken.None);
        });
        try
        {
            await creation.WaitAsync(cancellationToken);
        }
        catch when (creation.IsFaulted || creation.IsCanceled)
        {
            _created.TryRemove(new KeyValuePair<string, Task>(name, creation)); // try again next time
            throw;
        }
        return table;
    }
}
