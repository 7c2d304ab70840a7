using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Storage;

/// <summary>The app's Blob Storage client (same account settings as the tables).</summary>
public sealed class Blobs
{
    public Blobs(IOptions<StorageOptions> options, IEnumerable<HttpPipelinePolicy> policies)
    {
        var storage = options.Value;
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        foreach (var policy in policies)
            clientOptions.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerRetry);
        Service = !string.IsNullOrWhiteSpace(storage.Connection)
            ? new BlobServiceClient(storage.Connection, clientOptions)
            : !string.IsNullOrWhiteSpace(storage.Account)
                ? new BlobServiceClient(new Uri($"https://{storage.Account}.blob.core.windows.net"), new Azure.Identity.DefaultAzureCredential(), clientOptions)
                : throw new InvalidOperationException("Blob storage is not configured: set ZlmHooks__Storage__Connection or ZlmHooks__Storage__Account.");
    }

    public BlobServiceClient Service { get; }
}
