@description('Azure region.')
param location string

@description('Function App name (also the host name: <name>.azurewebsites.net).')
param name string

param tags object

@description('isolated: the .NET isolated worker (runtime dotnet-isolated 10.0); custom: the Native AOT custom handler (runtime custom).')
@allowed([
  'isolated'
  'custom'
])
param hosting string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (AZURE_CLIENT_ID: the one credential of the app, and the host storage connection).')
param identityClientId string

@description('Blob container URL the Flex Consumption plan deploys the package from.')
param deploymentContainerUrl string

@description('Storage account the app and its tables and recordings use.')
param storageAccountName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('The app settings of ZlmHooks itself (ZlmHooks__*).')
param handlerSettings object

@description('Log Analytics workspace the app\'s platform logs go to.')
param workspaceId string

@description('Largest number of instances the app scales out to.')
param maximumInstanceCount int

@description('Memory per instance (MB): 512, 2048 or 4096.')
param instanceMemoryMB int

@description('Always-ready instances for the HTTP functions (the hooks); 0 for none.')
param alwaysReadyInstances int

@description('Concurrent HTTP calls per instance.')
param httpPerInstanceConcurrency int

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

// Flex Consumption runs .NET 10 isolated workers (runtime "dotnet-isolated" 10.0) and custom handlers
// (runtime "custom" 1.0); the runtime is set here, so FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION are not app settings on this plan. Both run the same app settings.
var runtimes = {
  isolated: {
    name: 'dotnet-isolated'
    version: '10.0'
  }
  custom: {
    name: 'custom'
    version: '1.0'
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd deploys the service "zlmhooks" (azure.yaml) to the app carrying this tag.
  tags: union(tags, { 'azd-service-name': 'zlmhooks' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [for setting in items(union(handlerSettings, {
        AzureWebJobsStorage__accountName: storageAccountName
        AzureWebJobsStorage__credential: 'managedidentity'
        AzureWebJobsStorage__clientId: identityClientId
        AZURE_CLIENT_ID: identityClientId
        APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      })): {
        name: setting.key
        value: setting.value
      }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // "http" is the group of every HTTP-triggered function: the hooks MediaServer waits on.
        alwaysReady: alwaysReadyInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyInstances
              }
            ]
          : []
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: runtimes[hosting]
    }
  }
}

// The function key is not created here: a Flex app rejects host keys before any code is deployed
// (Azure/azure-functions-host#11379), so infra/deploy.sh sets it after the package is up.

// 2021-05-01-preview is diagnosticSettings' newest version; the only one the linter offers (2016-09-01)
// is the legacy shape without workspaceId.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output baseUrl string = 'https://${site.properties.defaultHostName}'
output name string = site.name
