using Azure.Core;
using Azure.Identity;

namespace ZlmHooks.Storage;

/// <summary>
/// The one credential every Azure client shares (one token cache). In Azure the app runs as the
/// user-assigned identity whose client id the Bicep sets as <c>AZURE_CLIENT_ID</c>, so it asks that
/// managed identity directly; anywhere else (a developer's machine, the admin commands)
/// <see cref="DefaultAzureCredential"/> finds the signed-in user. When nothing configured uses Entra ID
/// (storage by connection string, a topic key, no Application Insights) there is none at all:
/// Microsoft.Extensions.Azure asks for the credential whenever it makes a client, and building a
/// <see cref="DefaultAzureCredential"/> nobody uses cost about 20 ms of every cold start.
/// </summary>
public static class AzureCredentials
{
    public static TokenCredential Create(IConfiguration configuration)
    {
        if (!Needed(configuration)) return NoCredential.Instance;
        var inAzure = !string.IsNullOrEmpty(configuration["WEBSITE_INSTANCE_ID"]);
        return inAzure && configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }

    /// <summary>Whether anything configured authenticates with Entra ID: storage by account name, an Event
    /// Grid topic without a key, Application Insights with Entra ID authentication.</summary>
    public static bool Needed(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageSetup.Section);
        var events = configuration.GetSection($"{ZlmHooksOptions.Section}:Events");
        return (string.IsNullOrWhiteSpace(storage["Connection"]) && !string.IsNullOrWhiteSpace(storage["Account"]))
            || (!string.IsNullOrWhiteSpace(events["TopicEndpoint"]) && string.IsNullOrEmpty(events["TopicKey"]))
            || AppInsightsUsesEntraId(configuration);
    }

    /// <summary>Application Insights with local auth disabled takes Entra ID tokens only (the Bicep sets
    /// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> to say so).</summary>
    public static bool AppInsightsUsesEntraId(IConfiguration configuration) =>
        (configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] ?? "").Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stands in where no client authenticates with Entra ID; asked for a token, it says why there is none.</summary>
    private sealed class NoCredential : TokenCredential
    {
        public static readonly NoCredential Instance = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("no Entra ID credential: nothing in the settings uses one (storage by connection string, topic by key)");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
