using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ZlmHooks.Storage;

/// <summary>
/// Creates every table, container and queue the features declared (<see cref="StorageResource"/>):
/// what the Bicep creates in Azure, for Azurite and for a self-hosted account. Only the <c>init</c>
/// admin command (and <c>./run.sh</c>, the tests) call it; no hook ever creates anything.
/// </summary>
public sealed class StorageInitializer(IEnumerable<StorageResource> resources, Tables tables, BlobServiceClient blobs, QueueServiceClient queues,
    IServiceProvider services)
{
    /// <summary>Creates what is missing; returns what exists now, e.g. "table zlmrules".</summary>
    public async Task<List<string>> CreateAllAsync(CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (var resource in resources)
        {
            if (resource.Name(services) is not { Length: > 0 } name) continue;
            switch (resource.Kind)
            {
                case StorageResourceKind.Table:
                    var table = tables[name];
                    using (CreateTableBody.Scope(table.Name))
                        await table.CreateIfNotExistsAsync(cancellationToken);
                    created.Add($"table {table.Name}");
                    break;
                case StorageResourceKind.BlobContainer:
                    await blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                    created.Add($"container {name}");
                    break;
                case StorageResourceKind.Queue:
                    await queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                    created.Add($"queue {name}");
                    break;
            }
        }
        return created;
    }
}
