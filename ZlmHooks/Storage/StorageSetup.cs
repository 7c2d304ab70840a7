using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Azure;

namespace ZlmHooks.Storage;

/// <summary>
/// The one Azure client setup (Microsoft.Extensions.Azure): the Table, Blob and Queue service clients
/// and, when a topic is configured, the Event Grid publisher, registered once from either a
/// connection string or an account name, all with one shared credential
/// (<see cref="AzureCredentials"/>). Without storage configured no client is registered, the features'
/// hooks answer their fallbacks and the operator API answers 503.
/// </summary>
public static class StorageSetup
{
    public const string Section = $"{ZlmHooksOptions.Section}:Storage";

    /// <summary>The one "is storage configured?" rule every feature and the operator API follow.</summary>
    public static bool IsConfigured(IConfiguration configuration) => Read(configuration).IsConfigured;

    private static StorageOptions Read(IConfiguration configuration) => configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();

    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(Section));
        var storage = Read(configuration);
        var topic = configuration[$"{ZlmHooksOptions.Section}:Events:TopicEndpoint"];
        var topicKey = configuration[$"{ZlmHooksOptions.Section}:Events:TopicKey"];
        var publishTimeout = int.TryParse(configuration[$"{ZlmHooksOptions.Section}:Events:PublishTimeoutMilliseconds"], out var ms) ? ms : 3000;

        // Microsoft.Extensions.Azure starts this forwarder of the SDK's event sources (an EventListener at
        // Verbose) when it makes its first client; without a logger factory it never listens: a cold
        // start pays for no listener, a storage call for no events. SDK failures reach the hook's own line.
        services.AddSingleton(new AzureEventSourceLogForwarder(null));
        services.AddSingleton(_ => AzureCredentials.Create(configuration));
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(sp => sp.GetRequiredService<TokenCredential>());
            if (storage.IsConfigured)
            {
                var tables = !string.IsNullOrWhiteSpace(storage.Connection) ? clients.AddTableServiceClient(storage.Connection) : clients.AddTableServiceClient(storage.ServiceUri("table"));
                tables.ConfigureOptions((o, sp) =>
                {
                    // The hook path has its own time budget and a stale-cache fallback: one quick retry, no more.
                    o.Retry.MaxRetries = 1;
                    o.Retry.Delay = TimeSpan.FromMilliseconds(50);
                    o.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
                    o.AddPolicy(new CreateTableBody(), HttpPipelinePosition.PerCall);
                    AddPolicies(o, sp);
                });
                var blobs = !string.IsNullOrWhiteSpace(storage.Connection) ? clients.AddBlobServiceClient(storage.Connection) : clients.AddBlobServiceClient(storage.ServiceUri("blob"));
                blobs.ConfigureOptions((o, sp) =>
                {
                    o.Retry.MaxRetries = 2;
                    o.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
                    AddPolicies(o, sp);
                });
                var queues = !string.IsNullOrWhiteSpace(storage.Connection) ? clients.AddQueueServiceClient(storage.Connection) : clients.AddQueueServiceClient(storage.ServiceUri("queue"));
                queues.ConfigureOptions((o, sp) => AddPolicies(o, sp));
            }
            if (!string.IsNullOrWhiteSpace(topic) && Uri.TryCreate(topic, UriKind.Absolute, out var endpoint))
            {
                // A topic key is for local and test use; in Azure the shared credential (EventGrid Data Sender).
                var grid = string.IsNullOrEmpty(topicKey)
                    ? clients.AddEventGridPublisherClient(endpoint)
                    : clients.AddEventGridPublisherClient(endpoint, new Azure.AzureKeyCredential(topicKey));
                grid.ConfigureOptions((o, sp) =>
                {
                    o.Retry.MaxRetries = 1;
                    o.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(publishTimeout);
                    // A throttled publish (429, 503) is not retried here: its Retry-After closes the topic
                    // (Events/TopicLimiter.cs) and the events go to the outbox, never a hook kept waiting.
                    o.RetryPolicy = new NoThrottleRetry();
                    AddPolicies(o, sp);
                });
            }
        });

        if (!storage.IsConfigured) return builder;
        services.AddSingleton<Tables>();
        services.AddSingleton<CachedReads>();
        services.AddSingleton<RowCache>();
        services.AddSingleton<RowWriter>();
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService<StorageWarmup>();
        return builder;
    }

    /// <summary>Whether this app has storage: the one rule that decides whether a feature registers
    /// the handlers and services that need it. Without it a feature's hooks answer their fallbacks
    /// (auth hooks deny) and nothing that would need a storage client is registered.</summary>
    public static bool HasStorage(this IHostApplicationBuilder builder) => IsConfigured(builder.Configuration);

    /// <summary>A table the app uses, created by the Bicep in Azure and by <c>init</c> locally.</summary>
    public static IServiceCollection AddStorageTable(this IServiceCollection services, string name) =>
        services.AddSingleton(new StorageResource(StorageResourceKind.Table, _ => name));

    /// <summary>A blob container or queue the app uses, named by its settings (null: not used as configured).</summary>
    public static IServiceCollection AddStorageResource(this IServiceCollection services, StorageResourceKind kind, Func<IServiceProvider, string?> name) =>
        services.AddSingleton(new StorageResource(kind, name));

    // Tests (and a developer chasing a request) add pipeline policies through the container.
    private static void AddPolicies(ClientOptions options, IServiceProvider services)
    {
        foreach (var policy in services.GetServices<HttpPipelinePolicy>())
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
    }
}
