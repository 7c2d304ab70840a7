using System.CommandLine;
using System.Net;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.Cli;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>The one Azure client setup and the one "is storage configured?" rule.</summary>
public sealed class StorageSetupTests
{
    [Theory]
    [InlineData("/api/recordings")]
    [InlineData("/api/streams")]
    [InlineData("/api/servers")]
    public async Task Without_storage_every_operator_api_answers_503_with_a_json_reason(string path)
    {
        await using var app = await RunningApp.StartAsync();
        using var client = app.AdminClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(-1, json.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("storage is not configured", json.RootElement.GetProperty("msg").GetString(), StringComparison.Ordinal);
        // Still behind the admin key.
        using var anonymous = await app.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    /// <summary>No subscription is reachable here and Azure.Core refuses bearer tokens over plain HTTP
    /// (Azurite), so what is checked is what the admin commands are built with: every client on the
    /// account's endpoints, one credential for all of them, the managed identity in Azure.</summary>
    [Fact]
    public void Admin_commands_with_an_account_name_reach_every_service_of_that_account_with_one_credential()
    {
        using var local = Build(new() { ["ZlmHooks:Storage:Account"] = "zlmacct" });
        Assert.Equal("https://zlmacct.table.core.windows.net/", local.Services.GetRequiredService<TableServiceClient>().Uri.ToString());
        Assert.Equal("https://zlmacct.blob.core.windows.net/", local.Services.GetRequiredService<BlobServiceClient>().Uri.ToString());
        Assert.Equal("https://zlmacct.queue.core.windows.net/", local.Services.GetRequiredService<QueueServiceClient>().Uri.ToString());
        Assert.IsType<DefaultAzureCredential>(Assert.Single(local.Services.GetServices<TokenCredential>()));
        // `events peek` and the tables come from these registrations, not from a connection string.
        Assert.Equal("https://zlmacct.queue.core.windows.net/zlm-events", local.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("zlm-events").Uri.ToString());

        // A sovereign cloud's suffix (the Bicep sets environment().suffixes.storage).
        using var china = Build(new() { ["ZlmHooks:Storage:Account"] = "zlmacct", ["ZlmHooks:Storage:EndpointSuffix"] = "core.chinacloudapi.cn" });
        Assert.Equal("https://zlmacct.table.core.chinacloudapi.cn/", china.Services.GetRequiredService<TableServiceClient>().Uri.ToString());

        using var azure = Build(new() { ["ZlmHooks:Storage:Account"] = "zlmacct", ["WEBSITE_INSTANCE_ID"] = "instance-1", ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000001" });
        Assert.IsType<ManagedIdentityCredential>(Assert.Single(azure.Services.GetServices<TokenCredential>()));

        // With a connection string nothing uses Entra ID, and no credential is built for nothing.
        using var connection = Build(new() { ["ZlmHooks:Storage:Connection"] = Azurite.Connection });
        Assert.IsNotType<DefaultAzureCredential>(connection.Services.GetRequiredService<TokenCredential>());
        Assert.Equal("devstoreaccount1", connection.Services.GetRequiredService<TableServiceClient>().AccountName);
    }

    [Fact]
    public async Task An_admin_command_before_init_says_to_run_init()
    {
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync(["rules", "add", "--id", "a", "--action", "play", "--effect", "allow"], output, Azurite.Settings(Azurite.NewPrefix()));
        Assert.Equal(1, code);
        Assert.Contains("init", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_calls_add_no_log_lines_of_their_own()
    {
        await using var s = await StorageApp.StartAsync();
        Assert.Equal(200, (await s.ReplayAsync("on_stream_changed__001.http")).Status);
        Assert.Equal(200, (await s.ReplayAsync("on_record_mp4__001.http")).Status);
        // The SDK's request and response events (forwarded by Microsoft.Extensions.Azure) would be two
        // lines per storage call; the hook's own line says what happened.
        Assert.DoesNotContain(s.App.Logs.Lines, l => l.Contains(" Azure.", StringComparison.Ordinal) && !l.StartsWith("Warning", StringComparison.Ordinal) && !l.StartsWith("Error", StringComparison.Ordinal));
        Assert.NotEmpty(await s.App.Logs.MatchingAsync(l => l.Contains("Hook=on_stream_changed", StringComparison.Ordinal)));
    }

    private static Microsoft.Extensions.Hosting.IHost Build(Dictionary<string, string?> settings)
    {
        settings.TryAdd("ZlmHooks:Storage:Connection", "");
        return new AdminServices(settings).Build(new RootCommand { AdminServices.Connection, AdminServices.TablePrefix }.Parse([]), needsStorage: true);
    }
}
