using 'main.bicep'

param baseName = 'zlmhooks'
param location = 'westeurope'
param tags = {
  app: 'zlmhooks'
}
// Secrets come from the environment, never from this file:
//   export ZLMHOOKS_FUNCTION_KEY=$(openssl rand -base64 48 | tr -d '/+=' | head -c 48)
//   export ZLMHOOKS_SIGNING_KEY=$(openssl rand -base64 32)
param functionKey = readEnvironmentVariable('ZLMHOOKS_FUNCTION_KEY')
param signingKey = readEnvironmentVariable('ZLMHOOKS_SIGNING_KEY')
param recordingsPublicBaseUrl = ''
param indexHlsSegments = true
param closeIdleStreams = false
param noRulePlay = 'Deny'
param auditDecisions = false
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
