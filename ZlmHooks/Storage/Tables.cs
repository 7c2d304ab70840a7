using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Storage;

/// <summary>The app's tables by name (the configured prefix added), one client each for the life of
/// the app: building a client builds its URI, which the warm on_play path would otherwise pay on
/// every call (docs/benchmarks.md). The tables exist already (Bicep, or <c>init</c>); a missing one
/// reads as no rows.</summary>
public sealed class Tables
{
    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TableClient> _clients = new(StringComparer.Ordinal);

    // Rows are read as TableEntity, which Azure.Data.Tables creates with Activator.CreateInstance<T>():
    // keep its constructor in the Native AOT build (Azure/azure-sdk-for-net#47687).
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(TableEntity))]
    public Tables(TableServiceClient service, IOptions<StorageOptions> options)
    {
        _service = service;
        _prefix = options.Value.TablePrefix;
    }

    public TableClient this[string name] => _clients.GetOrAdd(name, static (n, self) => self._service.GetTableClient(self._prefix + n), this);
}
