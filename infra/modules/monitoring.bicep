@description('Azure region.')
param location string

@description('Name prefix for the workspace and Application Insights.')
param name string

param tags object

@description('Principal id of the app identity that publishes telemetry.')
param principalId string

@description('Daily ingestion cap of the workspace (GB).')
param dailyCapGb int

@description('Share of Application Insights telemetry kept at ingestion (percent).')
param samplingPercent int

@description('Mail address the failed-hooks alert notifies ("" for none).')
param alertEmail string

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: 'log-${name}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
    workspaceCapping: {
      dailyQuotaGb: dailyCapGb
    }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    SamplingPercentage: samplingPercent
  }
}

resource notify 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${name}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'zlmhooks'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Failed hook calls: 5xx (ZlmHooks answers 5xx only when its storage is down, so MediaServer retries)
// and refused function keys (a MediaServer with the wrong key). Ten in five minutes is not noise.
resource failedHooks 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'failed-hooks-${name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'ZlmHooks: hook calls failing (storage down, or a MediaServer with the wrong function key).'
    severity: 2
    enabled: true
    scopes: [
      insights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-requests'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 10
          timeAggregation: 'Count'
        }
      ]
    }
    actions: empty(alertEmail)
      ? []
      : [
          {
            actionGroupId: notify.id
          }
        ]
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, principalId, monitoringMetricsPublisher)
  scope: insights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

output connectionString string = insights.properties.ConnectionString
output workspaceId string = workspace.id
