namespace ZlmHooks.Storage;

/// <summary>Where the rule, recording and registry tables live.</summary>
public sealed class StorageOptions
{
    /// <summary>A connection string (Azurite: <c>UseDevelopmentStorage=true</c>). For local and test use;
    /// in Azure use <see cref="Account"/> with the app's managed identity instead.</summary>
    public string? Connection { get; set; }

    /// <summary>The storage account name, reached with Entra ID (the shared credential, Storage/AzureCredentials.cs).</summary>
    public string? Account { get; set; }

    /// <summary>Prepended to every table name, so several deployments (or test runs) can share an account.</summary>
    public string TablePrefix { get; set; } = "zlm";

    /// <summary>How many rows <see cref="CachedReads"/> keeps at most (<c>ZlmHooks__Storage__CachedRows</c>).
    /// Keys come from clients (app and stream names), so the cache is bounded; the least recently
    /// used rows go first.</summary>
    public int CachedRows { get; set; } = 20_000;

    /// <summary>The storage endpoints' DNS suffix: <c>core.windows.net</c> in Azure's public cloud, another
    /// in a sovereign cloud (the Bicep sets <c>environment().suffixes.storage</c>).</summary>
    public string EndpointSuffix { get; set; } = "core.windows.net";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Connection) || !string.IsNullOrWhiteSpace(Account);

    /// <summary>The account's endpoint for one service (blob, table, queue), reached with Entra ID.</summary>
    public Uri ServiceUri(string service) => new($"https://{Account}.{service}.{EndpointSuffix.Trim('.')}");
}
