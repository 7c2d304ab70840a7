using 'main.bicep'

param baseName = 'zlmhooks'
param tags = {
  app: 'zlmhooks'
}
// The location is the resource group's. Secrets come from the environment, never from this file
// (infra/deploy.sh makes them when they are not set):
//   export ZLMHOOKS_ADMIN_KEY=$(openssl rand -base64 48 | tr -d '/+=' | head -c 48)
//   export ZLMHOOKS_SIGNING_KEY=$(openssl rand -base64 32)
param adminKey = readEnvironmentVariable('ZLMHOOKS_ADMIN_KEY')
param signingKey = readEnvironmentVariable('ZLMHOOKS_SIGNING_KEY')
// isolated (the .NET worker) or custom (the Native AOT handler); infra/deploy.sh --hosting sets it.
param hosting = readEnvironmentVariable('ZLMHOOKS_HOSTING', 'isolated')
param recordingsPublicBaseUrl = ''
param indexHlsSegments = true
param closeIdleStreams = false
param noRulePlay = 'Deny'
param auditDecisions = false
param configureHooks = false
param jwtIssuer = ''
param jwtAudience = ''
param jwtKeysUrl = ''
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param alwaysReadyInstances = 1
param httpPerInstanceConcurrency = 64
param logDailyCapGb = 1
param telemetrySamplingPercent = 25
param alertEmail = readEnvironmentVariable('ZLMHOOKS_ALERT_EMAIL', '')
// infra/deploy.sh passes the signed-in user; under azd, AZURE_PRINCIPAL_ID is the signed-in user.
param operatorPrincipalId = readEnvironmentVariable('ZLMHOOKS_OPERATOR_PRINCIPAL_ID', readEnvironmentVariable('AZURE_PRINCIPAL_ID', ''))
param operatorPrincipalType = readEnvironmentVariable('ZLMHOOKS_OPERATOR_PRINCIPAL_TYPE', 'User')
param keyVaultSalt = readEnvironmentVariable('ZLMHOOKS_KEY_VAULT_SALT', '')
