// ZlmHooks: ZLMediaKit web-hook receiver on Azure Functions (Flex Consumption), as the .NET isolated
// worker (hosting 'isolated', the default) or the Native AOT custom handler (hosting 'custom').
// Deploy with one command: infra/deploy.sh <resource-group> [--hosting isolated|custom] (this template,
// the package, the function key once the code is there, the operator's data roles, MediaServer's
// [hook] section; README "Deploy"), or `azd up` (azure.yaml: the isolated worker).

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short name used in every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param baseName string = 'zlmhooks'

@description('Tags on every resource.')
param tags object = {}

@description('How the app runs: isolated, the .NET isolated worker (ZlmHooks.Functions, ReadyToRun; the platform can pre-start it) or custom, the Native AOT handler as a custom handler (ZlmHooks.Handler). The package deployed must be the same kind (infra/package.sh --hosting).')
@allowed([
  'isolated'
  'custom'
])
param hosting string = 'isolated'

@secure()
@description('Admin key for the operator API (/api/*, Authorization: Bearer); never the function key, which MediaServer logs (at least 32 characters).')
@minLength(32)
param adminKey string

@secure()
@description('Base64 key (at least 32 bytes) for signed URLs; ZlmHooks__AccessRules__SigningKeys__default.')
param signingKey string

@description('Media servers\' public HTTP base URL, for recording playback links ("" for none).')
param recordingsPublicBaseUrl string = ''

@description('Catalogue on_record_ts HLS segments as well as MP4 files.')
param indexHlsSegments bool = true

@description('on_stream_none_reader answer when no rule decides.')
param closeIdleStreams bool = false

@description('What publish, play and HTTP access get when no rule matches: Deny or Allow.')
@allowed([
  'Deny'
  'Allow'
])
param noRulePlay string = 'Deny'

@description('Fleet onboarding: a MediaServer configured with only hook.on_server_started gets the rest of its [hook] section through its REST API (its ApiBase and Secret are app settings of yours).')
param configureHooks bool = false

@description('JWT credentials: the iss every token must carry ("" for no JWTs).')
param jwtIssuer string = ''

@description('JWT credentials: the aud every token must carry.')
param jwtAudience string = ''

@description('JWT credentials: the issuer\'s OpenID configuration or JWKS URL (RS256/ES256).')
param jwtKeysUrl string = ''

@description('Publish publish/play decisions as audit events.')
param auditDecisions bool = false

@description('Largest number of instances.')
param maximumInstanceCount int = 40

@description('Memory per instance (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Instances of the HTTP functions kept running (billed while idle), so a hook never waits for a cold start; 0 for none.')
@minValue(0)
param alwaysReadyInstances int = 1

@description('Concurrent HTTP calls one instance takes before the platform adds another.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 64

@description('Log Analytics daily ingestion cap (GB); ingestion stops for the day when reached.')
param logDailyCapGb int = 1

@description('Share of Application Insights telemetry kept at ingestion (percent; metrics are never sampled).')
@allowed([
  100
  50
  25
  10
])
param telemetrySamplingPercent int = 25

@description('Mail address for the failed-hooks alert ("" for an alert without notification).')
param alertEmail string = ''

@description('Object id of the operator (a user, group or service principal) who runs the admin commands (rules, tokens, streams): gets the Table, Blob and Queue data roles on the account ("" for nobody). infra/deploy.sh passes the signed-in user.')
param operatorPrincipalId string = ''

@description('What operatorPrincipalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Changes the Key Vault name: a deleted vault keeps its name for 7 days (soft delete), so a redeploy after deleting the group needs another one, or infra/deploy.sh recovers it.')
param keyVaultSalt string = ''

var suffix = uniqueString(resourceGroup().id, baseName)
var appName = '${baseName}-${suffix}'
var tablePrefix = 'zlm'
var recordingsContainer = 'recordings'

// Every hook ZlmHooks answers (the hook catalog, filled by each feature); a test keeps this list and the catalog equal.
var hooks = [
  'on_publish'
  'on_play'
  'on_http_access'
  'on_rtsp_realm'
  'on_rtsp_auth'
  'on_shell_login'
  'on_stream_changed'
  'on_stream_none_reader'
  'on_stream_not_found'
  'on_flow_report'
  'on_record_mp4'
  'on_record_ts'
  'on_server_started'
  'on_server_keepalive'
  'on_server_exited'
  'on_send_rtp_stopped'
  'on_rtp_server_timeout'
]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: 'id-${appName}'
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: take('st${baseName}${suffix}', 24)
    tags: tags
    tablePrefix: tablePrefix
    recordingsContainer: recordingsContainer
    deploymentContainer: 'app-package'
    principalId: identity.outputs.principalId
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
    workspaceId: monitoring.outputs.workspaceId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    name: appName
    tags: tags
    principalId: identity.outputs.principalId
    dailyCapGb: logDailyCapGb
    samplingPercent: telemetrySamplingPercent
    alertEmail: alertEmail
  }
}

module events 'modules/eventgrid.bicep' = {
  name: 'events'
  params: {
    location: location
    name: 'evgt-${appName}'
    tags: tags
    principalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module secrets 'modules/keyvault.bicep' = {
  name: 'secrets'
  params: {
    location: location
    name: take('kv-${baseName}-${uniqueString(resourceGroup().id, baseName, keyVaultSalt)}', 24)
    tags: tags
    principalId: identity.outputs.principalId
    adminKey: adminKey
    signingKey: signingKey
    workspaceId: monitoring.outputs.workspaceId
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'app'
  params: {
    location: location
    name: appName
    tags: tags
    hosting: hosting
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    storageAccountName: storage.outputs.name
    appInsightsConnectionString: monitoring.outputs.connectionString
    workspaceId: monitoring.outputs.workspaceId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyInstances: alwaysReadyInstances
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    // Every setting ZlmHooks reads (README "Settings"); SettingsTests checks this list against the code.
    // No function key setting (ZlmHooks__FunctionKeys): in Azure the Functions host checks the hook key (deploy.sh sets it
    // once the code is deployed) and the handler trusts that check.
    handlerSettings: {
      ZlmHooks__AdminKeys: secrets.outputs.adminKeyReference
      ZlmHooks__DevelopmentMode: 'false'
      ZlmHooks__AuthDefault: 'Deny'
      ZlmHooks__CloseIdleStreams: string(closeIdleStreams)
      ZlmHooks__MaxBodyBytes: '65536'
      ZlmHooks__NotificationBudgetMilliseconds: '8000'
      ZlmHooks__Urls: 'http://127.0.0.1:7071'
      ZlmHooks__Storage__Account: storage.outputs.name
      ZlmHooks__Storage__EndpointSuffix: environment().suffixes.storage
      ZlmHooks__Storage__TablePrefix: tablePrefix
      ZlmHooks__Storage__CachedRows: '20000'
      ZlmHooks__AccessRules__CacheSeconds: '5'
      ZlmHooks__AccessRules__GraceSeconds: '300'
      ZlmHooks__AccessRules__BudgetMilliseconds: '2000'
      ZlmHooks__AccessRules__HttpCacheSeconds: '600'
      ZlmHooks__AccessRules__NoRule__Publish: 'Deny'
      ZlmHooks__AccessRules__NoRule__Play: noRulePlay
      ZlmHooks__AccessRules__NoRule__HttpAccess: 'Deny'
      ZlmHooks__AccessRules__SigningKeys__default: secrets.outputs.signingKeyReference
      ZlmHooks__AccessRules__Jwt__Issuer: jwtIssuer
      ZlmHooks__AccessRules__Jwt__Audience: jwtAudience
      ZlmHooks__AccessRules__Jwt__KeysUrl: jwtKeysUrl
      ZlmHooks__AccessRules__Jwt__ClockSkewSeconds: '30'
      ZlmHooks__AccessRules__Jwt__KeysRefreshMinutes: '60'
      ZlmHooks__AccessRules__Jwt__KeysMaxAgeMinutes: '1440'
      ZlmHooks__Recordings__Container: recordingsContainer
      ZlmHooks__Recordings__IndexHlsSegments: string(indexHlsSegments)
      ZlmHooks__Recordings__PublicBaseUrl: recordingsPublicBaseUrl
      ZlmHooks__Events__TopicEndpoint: events.outputs.endpoint
      ZlmHooks__Events__PublishTimeoutMilliseconds: '3000'
      ZlmHooks__Events__RetryWindowSeconds: '600'
      ZlmHooks__Events__RetryMarkerFreshMilliseconds: '500'
      ZlmHooks__Events__OutboxIntervalSeconds: '15'
      ZlmHooks__Events__TopicEventsPerSecond: '5000'
      ZlmHooks__Events__TopicBytesPerSecond: '5000000'
      ZlmHooks__Events__AuditDecisions: string(auditDecisions)
      ZlmHooks__Events__RedactKeys: ''
      ZlmHooks__Registry__MissedKeepalives: '3'
      ZlmHooks__Registry__DefaultAliveInterval: '10'
      ZlmHooks__Registry__UnregisterSettleSeconds: '3'
      ZlmHooks__Registry__PullTimeoutMilliseconds: '2000'
      ZlmHooks__Registry__ConfigureHooks: string(configureHooks)
      ZlmHooks__Activity__Enabled: 'true'
      ZlmHooks__Activity__RetentionDays: '7'
    }
  }
}

@description('The app\'s base URL.')
output baseUrl string = app.outputs.baseUrl

@description('The Function App\'s name (for az functionapp commands).')
output appName string = app.outputs.name

@description('The storage account the rules, registry and catalog live in (ZlmHooks__Storage__Account for the admin commands).')
output storageAccount string = storage.outputs.name

@description('Resource id of that storage account (the scope of the operator\'s data roles).')
output storageAccountId string = storage.outputs.id

@description('Event Grid topic endpoint the stream events are published to.')
output topicEndpoint string = events.outputs.endpoint

@description('Each hook\'s URL without its key (append ?code=<functionKey>).')
output hookUrls object = toObject(hooks, hook => hook, hook => '${app.outputs.baseUrl}/index/hook/${hook}')
