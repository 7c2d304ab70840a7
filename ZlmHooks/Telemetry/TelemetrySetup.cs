using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Telemetry;

/// <summary>
/// The hook metrics and traces (<see cref="HookTelemetry"/>) exported with OpenTelemetry: to Application
/// Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (the Bicep sets it, with Entra ID
/// authentication through the app's one credential), and over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is. Off otherwise (a local run), so nothing is collected for nobody.
/// </summary>
public static class TelemetrySetup
{
    public const string AppInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var appInsights = configuration[AppInsightsSetting];
        var otlp = configuration[OtlpSetting];
        if (string.IsNullOrEmpty(appInsights) && string.IsNullOrEmpty(otlp)) return builder;

        var entraId = AzureCredentials.AppInsightsUsesEntraId(configuration);
        void AzureMonitor(AzureMonitorExporterOptions o, IServiceProvider services)
        {
            o.ConnectionString = appInsights;
            if (entraId) o.Credential = services.GetRequiredService<TokenCredential>();
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("zlmhooks"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HookTelemetry.Name);
                if (!string.IsNullOrEmpty(appInsights))
                    metrics.AddAzureMonitorMetricExporter();
                if (!string.IsNullOrEmpty(otlp)) metrics.AddOtlpExporter();
            })
            .WithTracing(tracing =>
            {
                // Every hook call's span is kept: the request's own ASP.NET Core activity is not
                // collected, and a parent-based sampler would drop every child of it.
                tracing.AddSource(HookTelemetry.Name).SetSampler(new AlwaysOnSampler());
                if (!string.IsNullOrEmpty(appInsights))
                    tracing.AddAzureMonitorTraceExporter();
                if (!string.IsNullOrEmpty(otlp)) tracing.AddOtlpExporter();
            });
        if (!string.IsNullOrEmpty(appInsights))
            builder.Services.AddOptions<AzureMonitorExporterOptions>().Configure<IServiceProvider>(AzureMonitor);
        return builder;
    }
}
