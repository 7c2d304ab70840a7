@description('Azure region.')
param location string

@description('Function App name (also the host name: <name>.azurewebsites.net).')
param name string

param tags object

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

@secure()
@description('The function key value, also stored in Key Vault for the handler\'s own check.')
param functionKey string

@description('Largest number of instances the app scales out to.')
param maximumInstanceCount int

@description('Memory per instance (MB): 512, 2048 or 4096.')
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
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

// Flex Consumption runs custom handlers (runtime "custom"); the runtime is set here, so
// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not app settings on this plan.
resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
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
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
  }
}

// A host-level function key with a known value, so the [hook] URLs can be printed right after the
// deployment (keys read with listKeys can lag behind the host's first start).
// The ARM API has this type (ARM reference: Microsoft.Web sites/host/functionkeys) but Bicep's type
// index does not, so Bicep cannot check its properties; this is the one diagnostic we accept.
#disable-next-line BCP081
resource hookKey 'Microsoft.Web/sites/host/functionKeys@2024-04-01' = {
  name: '${site.name}/default/zlmhooks'
  properties: {
    name: 'zlmhooks'
    value: functionKey
  }
}

output baseUrl string = 'https://${site.properties.defaultHostName}'
