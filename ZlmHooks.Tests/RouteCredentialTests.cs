using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using System.Text;
using ZlmHooks.Hooks;
using ZlmHooks.Hosting;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Issue 29, D1: which credential opens a route is decided by the route, never by how its path
/// is spelled. Every route the handler serves (docs/security.md's table, from the catalog), in every
/// spelling, with every credential, on its own and as the Functions host runs it in Azure.</summary>
public sealed class RouteCredentialTests
{
    private enum Presented { Nothing, FunctionKeyInQuery, FunctionKeyInHeader, AdminKey }

    /// <summary>A path as catalogued, and the spellings routing reads as the same route (case,
    /// percent-encoding) or may (a doubled slash, a trailing dot).</summary>
    private static IEnumerable<(string Spelling, string Target, bool SameRoute)> Spellings(string route)
    {
        // Route parameters get a sample value, left alone: only the route's own words change spelling.
        var parts = route.Split('/').Select(p => p.StartsWith('{') ? (Literal: false, Text: p.Contains("file", StringComparison.Ordinal) ? "console.js" : "x") : (Literal: true, Text: p)).ToList();
        string Join(Func<string, string> literal) => "/" + string.Join('/', parts.Select(p => p.Literal ? literal(p.Text) : p.Text));
        yield return ("as catalogued", Join(s => s), true);
        yield return ("upper case", Join(s => s.ToUpperInvariant()), true);
        yield return ("mixed case", Join(s => string.Concat(s.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c))), true);
        yield return ("percent-encoded", Join(s => s.Length == 0 ? s : $"%{(int)char.ToUpperInvariant(s[0]):X2}{s[1..]}"), true);
        yield return ("doubled slash", "/" + Join(s => s), false);
        yield return ("trailing dot", Join(s => s) + ".", false);
    }

    /// <summary>What opens a route with this credential: on its own the handler checks every key; in
    /// Azure the host has checked the function key before a hook call reaches the handler.</summary>
    private static Presented[] Opens(RouteCredential credential, bool behindHost) => credential switch
    {
        RouteCredential.None => Enum.GetValues<Presented>(),
        RouteCredential.FunctionKey when behindHost => Enum.GetValues<Presented>(),
        RouteCredential.FunctionKey => [Presented.FunctionKeyInQuery, Presented.FunctionKeyInHeader],
        RouteCredential.AdminKey => [Presented.AdminKey],
        RouteCredential.FunctionsHost when behindHost => Enum.GetValues<Presented>(),
        _ => [],
    };

    private static byte[] Request(string method, string target, Presented presented)
    {
        if (presented == Presented.FunctionKeyInQuery) target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + RunningApp.Key;
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: hooks.example.net\r\nConnection: close\r\n");
        if (presented == Presented.FunctionKeyInHeader) head.Append($"x-functions-key: {RunningApp.Key}\r\n");
        if (presented == Presented.AdminKey) head.Append($"Authorization: Bearer {RunningApp.AdminKey}\r\n");
        var body = method is "POST" or "PUT" ? "{}"u8.ToArray() : [];
        if (body.Length > 0) head.Append("Content-Type: application/json\r\n");
        head.Append($"Content-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    // Every sample reaches an endpoint that answers (the API without storage answers 503, a hook with
    // "{}" 200 or 400, the console's script 200): 401 is the credential check, 404 and 405 no route.
    private static bool Reached(int status) => status is not (401 or 404 or 405);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exactly_the_documented_credential_opens_every_route_in_every_spelling(bool behindHost)
    {
        var hosting = behindHost ? new HostingEnvironment(FreePorts.Take(1)[0], InAzure: true) : null;
        await using var app = await RunningApp.StartAsync(hosting: hosting);
        var routes = TestCatalog.Files.Routes().ToList();
        Assert.Equal(TestCatalog.Hooks.All.Count + TestCatalog.Hooks.Apis.Count + TestCatalog.Hooks.Timers.Count + HookKernel.OpenRoutes.Count, routes.Count);
        Assert.Contains(routes, r => r.Credential == RouteCredential.AdminKey);

        var wrong = new List<string>();
        var checkedRequests = 0;
        foreach (var (method, route, _, credential, _) in routes)
        {
            var opens = Opens(credential, behindHost);
            foreach (var (spelling, target, sameRoute) in Spellings(route))
            {
                foreach (var presented in Enum.GetValues<Presented>())
                {
                    var status = (await RawHttp.SendAsync(app.Address, Request(method, target, presented))).Status;
                    checkedRequests++;
                    if (Reached(status) && !opens.Contains(presented))
                        wrong.Add($"{method} {target} ({spelling}) with {presented}: {status}, but only {string.Join(" or ", opens.DefaultIfEmpty((Presented)(-1)))} should open it");
                    else if (!Reached(status) && sameRoute && opens.Contains(presented))
                        wrong.Add($"{method} {target} ({spelling}) with {presented}: {status}, but that credential opens it");
                }
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {checkedRequests} requests answered wrongly:\n" + string.Join('\n', wrong.Take(40)));
        Assert.True(checkedRequests > 900);
    }

    [Fact]
    public void Every_endpoint_the_app_maps_names_its_credential_and_the_catalog_agrees()
    {
        // The app's real endpoints (not the catalog's idea of them), under the host so the timer is mapped.
        var app = Program.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ZlmHooks:FunctionKeys"] = RunningApp.Key,
            ["ZlmHooks:AdminKeys"] = RunningApp.AdminKey,
        }), new HostingEnvironment(FreePorts.Take(1)[0], InAzure: true));
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var documented = TestCatalog.Files.Routes().ToDictionary(r => (r.Method, "/" + r.Route), r => r.Credential);
        foreach (var endpoint in endpoints)
        {
            var credential = endpoint.Metadata.GetMetadata<RequiredCredential>();
            Assert.True(credential is not null, $"{endpoint.RoutePattern.RawText} names no credential");
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            var route = endpoint.RoutePattern.RawText!;
            Assert.Contains(methods, m => documented.TryGetValue((m, route.StartsWith('/') ? route : "/" + route), out var c) && c == credential.Credential);
        }
        Assert.Equal(documented.Count, endpoints.Count);
    }

    [Fact]
    public void The_route_credential_table_in_security_md_is_the_one_the_catalog_generates()
    {
        var document = File.ReadAllText(Path.Combine(Repo.Root, "docs", "security.md")).ReplaceLineEndings("\n");
        Assert.Equal(TestCatalog.Files.WithCredentialTable(document), document);
        Assert.Contains("| `PUT` | `/api/rules/{id}` | `api_rules_save` | the admin key", document, StringComparison.Ordinal);
        Assert.Contains("| `POST` | `/index/hook/on_play` | `on_play` | the function key", document, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_probe_that_found_it_saves_no_rule_through_API_in_capitals(bool behindHost)
    {
        await using var storage = await StorageApp.StartAsync(hosting: behindHost ? new HostingEnvironment(FreePorts.Take(1)[0], InAzure: true) : null);
        var address = storage.App.Address;
        var evil = """{"id":"evil","action":"play","app":"*","stream":"*","effect":"Allow"}"""u8.ToArray();
        foreach (var target in new[] { $"/API/rules/evil?code={RunningApp.Key}", "/API/rules/evil", $"/%41PI/rules/evil?code={RunningApp.Key}", $"/Api/Rules/evil?code={RunningApp.Key}" })
        {
            var put = await RawHttp.SendAsync(address, RawHttp.Build("PUT", target, "application/json", evil));
            Assert.Equal(401, put.Status);
            var list = await RawHttp.SendAsync(address, RawHttp.Build("GET", target.Replace("/evil", "", StringComparison.Ordinal), null, []));
            Assert.Equal(401, list.Status);
            Assert.DoesNotContain("\"rules\"", list.Body, StringComparison.Ordinal);
        }
        // The admin key still opens the same route in capitals: the check follows the route.
        using var admin = storage.App.AdminClient();
        using var rules = await admin.GetAsync("/API/RULES");
        Assert.Equal(System.Net.HttpStatusCode.OK, rules.StatusCode);
        Assert.DoesNotContain("evil", await rules.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // And a play the allow-all rule would have let in is still refused.
        Assert.Equal(-1, (await storage.PostAsync("on_play", StorageApp.Play("anything"))).Code());
    }
}
