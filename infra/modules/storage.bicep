@description('Azure region.')
param location string

@description('Storage account name (3-24 lowercase letters and digits).')
param name string

param tags object

@description('Table name prefix the handler uses (ZlmHooks__Storage__TablePrefix).')
param tablePrefix string

@description('Container for recording catalog entries (ZlmHooks__Recordings__Container).')
param recordingsContainer string

@description('Container the Flex Consumption plan deploys the app package from.')
param deploymentContainer string

@description('Principal id of the app identity that gets the data roles.')
param principalId string

@description('Object id of the operator who runs the admin commands ("" for nobody).')
param operatorPrincipalId string

@description('User, Group or ServicePrincipal.')
param operatorPrincipalType string

@description('Log Analytics workspace for the blob, table and queue logs.')
param workspaceId string

// The tables the handler uses: access rules (AccessRules/*.cs), the event outbox and event ids (Events/*.cs),
// the stream registry and server health (Streams/StreamRegistry.cs, Servers/ServerHealth.cs).
var tables = [
  'rules'
  'httprules'
  'tokens'
  'rtspusers'
  'shellusers'
  'outbox'
  'eventids'
  'streams'
  'servers'
]

// Built-in role definition ids (Azure docs, "Azure built-in roles").
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

// The operator's admin commands (./zlm rules, tokens, streams, recordings, events peek) reach the
// account with their own sign-in, and shared keys are off: without these, nobody could manage a rule.
var operatorRoles = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource recordings 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: recordingsContainer
}

resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainer
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

// Reads, writes and deletes of each service (who changed a rule, a storage outage's errors), and the
// account's transaction metrics.
// 2021-05-01-preview is diagnosticSettings' newest version; the only one the linter offers (2016-09-01)
// is the legacy shape without workspaceId.
#disable-next-line use-recent-api-versions
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: workspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

resource accessTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [for table in tables: {
  parent: tableService
  name: '${tablePrefix}${table}'
}]

// Blob Data Owner: the Functions host's own storage (AzureWebJobsStorage) and the deployment
// package need it; the recording catalog writes metadata and index tags (which Contributor
// cannot set) on entries and on recordings in other containers of this account.
resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(account.id, principalId, role.value)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

resource operatorDataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(operatorRoles): if (!empty(operatorPrincipalId)) {
  name: guid(account.id, operatorPrincipalId, role.value)
  scope: account
  properties: {
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deployment.name}'
output recordingsContainer string = recordings.name
