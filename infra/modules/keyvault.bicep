@description('Azure region.')
param location string

@description('Key Vault name (3-24 characters).')
param name string

param tags object

@description('Principal id of the app identity that reads the secrets.')
param principalId string

@secure()
@description('The function key MediaServer sends as ?code= (also ZlmHooks__FunctionKeys).')
param functionKey string

@secure()
@description('Base64 signing key for signed URLs (ZlmHooks__AccessRules__SigningKeys__default).')
param signingKey string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource functionKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'zlmhooks-function-key'
  properties: {
    value: functionKey
  }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'zlmhooks-signing-key-default'
  properties: {
    value: signingKey
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

output functionKeyReference string = '@Microsoft.KeyVault(SecretUri=${functionKeySecret.properties.secretUri})'
output signingKeyReference string = '@Microsoft.KeyVault(SecretUri=${signingKeySecret.properties.secretUri})'
