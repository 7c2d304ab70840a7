using Azure.Core;
using Azure.Identity;

namespace ZlmHooks.Storage;

/// <summary>
/// The one credential every Azure client shares (one token cache). In Azure the app runs as the
/// user-assigned identity whose client id the Bicep sets as <c>AZURE_CLIENT_ID</c>, so it asks that
/// managed identity directly; anywhere else (a developer's machine, the admin commands)
/// <see cref="DefaultAzureCredential"/> finds the signed-in user.
/// </summary>
public static class AzureCredentials
{
    public static TokenCredential Create(IConfiguration configuration)
    {
        var inAzure = !string.IsNullOrEmpty(configuration["WEBSITE_INSTANCE_ID"]);
        return inAzure && configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
