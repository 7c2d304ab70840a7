@description('Azure region.')
param location string

@description('Event Grid topic name.')
param name string

param tags object

@description('Principal id of the app identity that publishes events.')
param principalId string

@description('Log Analytics workspace for publish and delivery failures.')
param workspaceId string

var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

// Stream events go out as CloudEvents 1.0; only Entra ID may publish (no access keys).
resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, principalId, eventGridDataSender)
  scope: topic
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
  }
}

// 2021-05-01-preview is diagnosticSettings' newest version; the only one the linter offers (2016-09-01)
// is the legacy shape without workspaceId.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: topic
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'DeliveryFailures'
        enabled: true
      }
      {
        category: 'PublishFailures'
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

output endpoint string = topic.properties.endpoint
