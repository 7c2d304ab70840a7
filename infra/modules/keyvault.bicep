@description('Azure region.')
param location string

@description('Key Vault name (3-24 characters).')
param name string

param tags object

@description('Principal id of the app identity that reads the secrets.')
param principalId string

@secure()
@description('The admin key for the operator API (ZlmHooks__AdminKeys).')
param adminKey string

@secure()
@description('Base64 signing key for signed URLs (ZlmHooks__AccessRules__SigningKeys__default).')
param signingKey string

@description('Log Analytics workspace for the vault\'s audit log.')
param workspaceId string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' = {
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

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: vault
  name: 'zlmhooks-admin-key'
  properties: {
    value: adminKey
  }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
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

// 2021-05-01-preview is diagnosticSettings' newest version; the only one the linter offers (2016-09-01)
// is the legacy shape without workspaceId.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AuditEvent'
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

output adminKeyReference string = '@Microsoft.KeyVault(SecretUri=${adminKeySecret.properties.secretUri})'
output signingKeyReference string = '@Microsoft.KeyVault(SecretUri=${signingKeySecret.properties.secretUri})'
