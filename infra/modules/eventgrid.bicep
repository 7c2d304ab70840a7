@description('Azure region.')
param location string

@description('Event Grid topic name.')
param name string

param tags object

@description('Principal id of the app identity that publishes events.')
param principalId string

var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

// Stream events go out as CloudEvents 1.0; only Entra ID may publish (no access keys).
resource topic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
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

output endpoint string = topic.properties.endpoint
