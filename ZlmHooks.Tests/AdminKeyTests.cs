using System.Net;
using System.Net.Http.Headers;
using ZlmHooks.Hosting;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Issue 18: the admin API has its own credential, the handler trusts the Functions host's key
/// check in Azure, and a setting left as a Key Vault reference stops the start.</summary>
public sealed class AdminKeyTests
{
    private const string Reference = "@Microsoft.KeyVault(SecretUri=https://kv-zlmhooks.vault.azure.net/secrets/zlmhooks-function-key/)";

    private static HttpRequestMessage Get(string target, string? bearer = null, string? functionKeyHeader = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (functionKeyHeader is not null) request.Headers.Add("x-functions-key", functionKeyHeader);
        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(RunningApp app, HttpRequestMessage request)
    {
        using var client = app.Client();
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_admin_api_opens_with_the_admin_key_and_never_with_the_function_key()
    {
        await using var app = await RunningApp.StartAsync();
        // No storage here, so an admitted call gets the API's 503; a refused one never gets that far.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(app, Get("/api/streams", bearer: RunningApp.AdminKey))).Status);

        foreach (var request in new[]
                 {
                     Get($"/api/streams?code={RunningApp.Key}"),                          // as MediaServer's log shows it
                     Get("/api/streams", functionKeyHeader: RunningApp.Key),
                     Get("/api/streams", bearer: RunningApp.Key),
                     Get($"/api/streams?code={RunningApp.AdminKey}"),                     // never in a URL
                     Get("/api/streams", bearer: RunningApp.AdminKey + "x"),
                     Get("/api/streams"),
                 })
        {
            var (status, body) = await SendAsync(app, request);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("admin key", body, StringComparison.Ordinal);
        }
        var refused = app.Logs.Lines.Where(l => l.Contains("CredentialCheck", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, refused.Count);
        Assert.All(refused, l => Assert.Contains("GET /api/streams from 127.0.0.1: refused (HTTP 401)", l, StringComparison.Ordinal));
        Assert.Equal(4, refused.Count(l => l.Contains("missing admin key", StringComparison.Ordinal)));
        Assert.DoesNotContain(refused, l => l.Contains(RunningApp.AdminKey, StringComparison.Ordinal) || l.Contains(RunningApp.Key, StringComparison.Ordinal));

        // The admin key does not open the hooks either.
        using var client = app.Client();
        using var hook = new HttpRequestMessage(HttpMethod.Post, "/index/hook/on_play") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        hook.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningApp.AdminKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(hook)).StatusCode);
    }

    [Fact]
    public async Task Without_an_admin_key_the_api_is_closed_unless_development_mode_opens_it()
    {
        await using (var app = await RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AdminKeys"] = null }))
        {
            var (status, body) = await SendAsync(app, Get("/api/streams", bearer: "anything"));
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("the admin API is closed: no admin key is configured (ZlmHooks__AdminKeys)", body, StringComparison.Ordinal);
            // The hooks are not affected.
            using var client = app.Client();
            using var hook = await client.PostAsync($"/index/hook/on_play?code={RunningApp.Key}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        }
        await using (var dev = await RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AdminKeys"] = null, ["ZlmHooks:DevelopmentMode"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(dev, Get("/api/streams"))).Status);
            Assert.Contains(dev.Logs.Lines, l => l.Contains("the admin API (/api/*) is open to anyone", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_admin_key_that_is_also_a_function_key_stops_the_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:FunctionKeys"] = "hook-key-1; shared-key-2",
            ["ZlmHooks:AdminKeys"] = "admin-key-1;shared-key-2",
        }));
        Assert.Contains("is also a function key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("shared-key-2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_the_functions_host_in_azure_the_handler_trusts_the_hosts_key_check()
    {
        // The host checked ?code= before forwarding (authLevel function); the handler keeps no copy to compare.
        await using var app = await RunningApp.StartAsync(
            new Dictionary<string, string?> { ["ZlmHooks:FunctionKeys"] = null },
            hosting: new HostingEnvironment(CustomHandlerPort: 0, InAzure: true));
        using var client = app.Client();
        using var hook = await client.PostAsync("/index/hook/on_play", new StringContent("""{"app":"live","stream":"cam1"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        Assert.Contains(app.Logs.Lines, l => l.Contains("the host checks each hook's function key; the handler does not repeat it", StringComparison.Ordinal));
        // The admin API is anonymous to the host (function.json), so the handler still checks its key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(app, Get("/api/streams"))).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(app, Get("/api/streams", bearer: RunningApp.AdminKey))).Status);

        // Given a key anyway (an old deployment's setting), it still does not check it a second time.
        await using var old = await RunningApp.StartAsync(hosting: new HostingEnvironment(CustomHandlerPort: 0, InAzure: true));
        using var oldClient = old.Client();
        using var unkeyed = await oldClient.PostAsync("/index/hook/on_play", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, unkeyed.StatusCode);
    }

    [Theory]
    [InlineData("ZlmHooks:FunctionKeys", "ZlmHooks__FunctionKeys")]
    [InlineData("ZlmHooks:AdminKeys", "ZlmHooks__AdminKeys")]
    [InlineData("ZlmHooks:AccessRules:SigningKeys:default", "ZlmHooks__AccessRules__SigningKeys__default")]
    public async Task A_setting_left_as_an_unresolved_key_vault_reference_stops_the_start_with_its_name(string setting, string appSetting)
    {
        var error = await Assert.ThrowsAsync<StartupRefusedException>(() => RunningApp.StartAsync(new Dictionary<string, string?> { [setting] = Reference }));
        Assert.StartsWith($"{appSetting}: still an unresolved Key Vault reference", error.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets User", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_process_exits_non_zero_on_an_unresolved_reference()
    {
        // Command-line arguments are configuration too: the same path as an app setting, without touching
        // this process's environment.
        var status = await Program.Main([$"--ZlmHooks:AccessRules:SigningKeys:default={Reference}", "--ZlmHooks:DevelopmentMode=true", "--ZlmHooks:Urls=http://127.0.0.1:0"]);
        Assert.Equal(3, status);
    }
}
