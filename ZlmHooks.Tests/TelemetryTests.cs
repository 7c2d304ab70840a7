using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>The hook metrics and traces leave the process through OpenTelemetry. Application Insights
/// cannot run here; its exporter is the same pipeline with another exporter, so what goes over the
/// wire is checked with OTLP/HTTP to a loopback collector stand-in that records what it receives.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Each_hook_call_is_exported_as_a_metric_and_a_span_when_asked_and_nothing_is_collected_otherwise()
    {
        var received = new ConcurrentQueue<(string Path, string ContentType, byte[] Body)>();
        var (collector, address) = await LoopbackServer.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            received.Enqueue((http.Request.Path, http.Request.ContentType ?? "", body.ToArray()));
        }));
        await using (collector)
        {
            await using (var app = await RunningApp.StartAsync(new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = address.ToString().TrimEnd('/'),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            }))
            {
                Assert.Equal(200, (await app.ReplayAsync(Capture.Named("on_play__001.http"))).Status);
                for (var i = 0; i < 100 && !(Has("/v1/metrics", "zlmhooks.hook.calls") && Has("/v1/traces", "on_play")); i++) await Task.Delay(100);
            }
            Assert.True(Has("/v1/metrics", "zlmhooks.hook.duration"), "no hook latency histogram exported");
            Assert.True(Has("/v1/metrics", "outcome") && Has("/v1/metrics", "deny"), "the metrics carry no outcome");
            Assert.True(Has("/v1/traces", "on_play"), "no span for the on_play call");
            Assert.All(received, r => Assert.Equal("application/x-protobuf", r.ContentType));
            Assert.DoesNotContain(received, r => Encoding.UTF8.GetString(r.Body).Contains(RunningApp.Key, StringComparison.Ordinal));
        }

        // Locally, with neither setting, no OpenTelemetry pipeline exists at all.
        await using var quiet = await RunningApp.StartAsync();
        Assert.Null(quiet.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
        Assert.Null(quiet.Services.GetService<OpenTelemetry.Trace.TracerProvider>());

        bool Has(string path, string text) => received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));
    }

    /// <summary>As the Bicep configures it: Application Insights with Entra ID authentication, the app's one
    /// credential (nothing is started here, so nothing is sent anywhere).</summary>
    [Fact]
    public void Application_insights_is_exported_to_with_the_apps_one_credential()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new() { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD",
            ["ZlmHooks:Storage:Account"] = "zlmacct",
        });
        builder.Services.AddLogging();
        builder.AddZlmHooks();
        using var host = builder.Build();
        var exporter = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Azure.Monitor.OpenTelemetry.Exporter.AzureMonitorExporterOptions>>().CurrentValue;
        Assert.Contains("IngestionEndpoint=http://127.0.0.1:9/", exporter.ConnectionString, StringComparison.Ordinal);
        Assert.Same(host.Services.GetRequiredService<Azure.Core.TokenCredential>(), exporter.Credential);
        Assert.IsType<Azure.Identity.DefaultAzureCredential>(exporter.Credential);
    }
}
