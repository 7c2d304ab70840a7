using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.Hooks;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

public sealed class CatalogTests
{
    [Fact]
    public void The_catalog_holds_the_17_hooks_of_zlmediakit_once_each()
    {
        string[] expected =
        [
            "on_flow_report", "on_http_access", "on_play", "on_publish", "on_record_mp4", "on_record_ts", "on_rtsp_auth",
            "on_rtsp_realm", "on_shell_login", "on_stream_changed", "on_stream_none_reader", "on_stream_not_found",
            "on_server_started", "on_server_exited", "on_server_keepalive", "on_send_rtp_stopped", "on_rtp_server_timeout",
        ];
        Assert.Equal(expected.Order(), TestCatalog.Hooks.All.Select(h => h.Name).Order());
        Assert.All(TestCatalog.Hooks.All, h => Assert.Equal("index/hook/" + h.Name, h.Route));
    }

    [Fact]
    public void No_function_folder_is_in_the_source_tree()
    {
        // The custom-handler package writes them from the catalog (DeploymentTests checks its zip); the
        // isolated worker's build writes functions.metadata. A folder here would only drift.
        var folders = Directory.GetDirectories(Repo.Root).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).ToArray();
        Assert.Empty(folders);
        var ignored = File.ReadAllLines(Path.Combine(Repo.Root, ".gitignore"));
        Assert.Contains("function.json", ignored);
    }

    [Fact]
    public void Function_json_is_an_http_trigger_with_function_auth_and_the_wiki_route()
    {
        foreach (var hook in TestCatalog.Hooks.All)
        {
            using var json = System.Text.Json.JsonDocument.Parse(CatalogFiles.FunctionJson(hook));
            var bindings = json.RootElement.GetProperty("bindings").EnumerateArray().ToArray();
            Assert.Equal(2, bindings.Length);
            Assert.Equal(("httpTrigger", "in", "function"), (bindings[0].GetProperty("type").GetString(), bindings[0].GetProperty("direction").GetString(), bindings[0].GetProperty("authLevel").GetString()));
            Assert.Equal(["post"], bindings[0].GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal($"index/hook/{hook.Name}", bindings[0].GetProperty("route").GetString());
            Assert.Equal(("http", "out"), (bindings[1].GetProperty("type").GetString(), bindings[1].GetProperty("direction").GetString()));
        }
    }

    [Fact]
    public void The_readme_hooks_table_is_the_one_the_catalog_generates()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md")).ReplaceLineEndings("\n");
        Assert.Equal(TestCatalog.Files.WithTable(readme), readme);
        Assert.Contains(TestCatalog.Files.ReadmeTable(), readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_admin_api_route_table_is_the_one_the_catalog_generates()
    {
        var document = File.ReadAllText(Path.Combine(Repo.Root, "docs", "admin-api.md")).ReplaceLineEndings("\n");
        Assert.Equal(TestCatalog.Files.WithApiTable(document), document);
        Assert.Contains("| `PUT` | `/api/rules/{id}` | `api_rules_save` |", document, StringComparison.Ordinal);
        // Every route beside the hooks: the admin API and the console's page.
        Assert.Equal(TestCatalog.Hooks.Apis.Count, document.Split('\n').Count(l => l.StartsWith("| `", StringComparison.Ordinal) && (l.Contains("/api/", StringComparison.Ordinal) || l.Contains("/console/", StringComparison.Ordinal))));
        Assert.Contains("| `GET` | `/console/{*file}` | `console` |", document, StringComparison.Ordinal);
    }

    [Fact]
    public void The_custom_handler_packages_host_json_routes_every_function_through_the_handler_without_a_prefix()
    {
        var worker = File.ReadAllText(Path.Combine(Repo.Root, "host.json"));
        using (var own = System.Text.Json.JsonDocument.Parse(worker))
            Assert.False(own.RootElement.TryGetProperty("customHandler", out _), "the repository's host.json is the isolated worker's");
        using var json = System.Text.Json.JsonDocument.Parse(ZlmHooks.Deployment.AppPackage.CustomHandlerHostJson(worker));
        var handler = json.RootElement.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("", json.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.False(string.IsNullOrEmpty(handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()));
    }

    [Fact]
    public async Task Every_hook_is_routed_and_with_storage_every_decision_has_its_feature_handler()
    {
        await using var s = await StorageApp.StartAsync();
        var routes = s.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();
        var catalog = s.App.Services.GetRequiredService<HookCatalog>();
        Assert.Equal(TestCatalog.Hooks.All.Select(h => h.Name), catalog.All.Select(h => h.Name));
        foreach (var hook in catalog.All)
        {
            Assert.Contains(hook.Route, routes);
            // Auth and policy hooks decide from storage; a notification without a handler of its own
            // is only published (the events step), so its fallback acknowledges it.
            var contract = typeof(IHookHandler<,>).MakeGenericType(hook.RequestType, hook.ReplyType);
            if (hook.Kind != HookKind.Notification) Assert.NotNull(s.App.Services.GetService(contract));
        }
        foreach (var api in catalog.Apis) Assert.Contains(api.Route, routes);
    }
}
