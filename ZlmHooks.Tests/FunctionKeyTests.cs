using ZlmHooks.Hosting;
using System.Net;
using System.Text;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

public sealed class FunctionKeyTests
{
    [Theory]
    [InlineData("?code=abc")]
    [InlineData("?x=1&code=abc&y=2")]
    [InlineData("?codex=1&code=abc")]
    [InlineData("?code=a%2Bb+c%20d")]
    [InlineData("?c%6Fde=abc")]
    [InlineData("?code=abc&code=def")]
    [InlineData("?code")]
    [InlineData("?code=")]
    [InlineData("?=abc&code=k")]
    [InlineData("?x=1")]
    [InlineData("")]
    [InlineData("?code=%ZZ")]
    public void The_key_is_read_from_the_query_string_as_the_query_collection_reads_it(string query)
    {
        var collection = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseNullableQuery(query);
        string? expected = collection is not null && collection.TryGetValue(ZlmHooks.Hooks.FunctionKeys.QueryName, out var values) ? values.ToString() : null;
        Assert.Equal(expected, ZlmHooks.Hooks.FunctionKeys.CodeOf(query));
    }

    private static readonly byte[] Play = Capture.Named("on_play__001.http").Body;

    private static HttpRequestMessage Post(string target, string? header = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(Play) };
        request.Content.Headers.ContentType = new("application/json");
        if (header is not null) request.Headers.Add("x-functions-key", header);
        return request;
    }

    [Fact]
    public async Task A_hook_without_the_right_key_is_refused_401()
    {
        await using var app = await RunningApp.StartAsync();
        using var client = app.Client();
        foreach (var target in new[] { "/index/hook/on_play", "/index/hook/on_play?code=", "/index/hook/on_play?code=wrong",
                                       $"/index/hook/on_play?code={RunningApp.Key}x", $"/index/hook/on_play?code={RunningApp.Key[..^1]}" })
        {
            using var response = await client.SendAsync(Post(target));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("\"code\":-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // A MediaServer with the wrong key can be spotted in the log: one Warning a call, with the hook
        // and the client, saying whether the key was missing or wrong, and never the key itself.
        var refused = app.Logs.Lines.Where(l => l.Contains("CredentialCheck", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, refused.Count);
        Assert.All(refused, l => Assert.StartsWith("Warning ", l, StringComparison.Ordinal));
        Assert.All(refused, l => Assert.Contains("POST /index/hook/on_play from 127.0.0.1: refused (HTTP 401)", l, StringComparison.Ordinal));
        Assert.Equal(2, refused.Count(l => l.Contains("missing function key", StringComparison.Ordinal)));
        Assert.Equal(3, refused.Count(l => l.Contains("wrong function key", StringComparison.Ordinal)));
        Assert.DoesNotContain(refused, l => l.Contains(RunningApp.Key[..^1], StringComparison.Ordinal) || l.Contains("code=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_key_is_accepted_in_the_query_or_the_header_and_rotation_keeps_both_keys()
    {
        await using var app = await RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:FunctionKeys"] = "old-key; new-key" });
        using var client = app.Client();
        foreach (var request in new[] { Post("/index/hook/on_play?code=old-key"), Post("/index/hook/on_play?code=new-key"), Post("/index/hook/on_play", header: "new-key") })
        {
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var wrong = await client.SendAsync(Post("/index/hook/on_play", header: "test-function-key"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Health_and_the_hosts_probe_need_no_key_and_say_nothing_else()
    {
        await using var app = await RunningApp.StartAsync();
        using var client = app.Client();
        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        using var root = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        using var other = await client.GetAsync("/api/anything");
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        // The Functions host polls GET / until the handler answers: no log line for those.
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("Microsoft.AspNetCore.Http.Result", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_reads_as_written_and_stays_valid_json()
    {
        await using var app = await RunningApp.StartAsync();
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/index/hook/on_play?code={RunningApp.Key}")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("got 'text/plain", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", text, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(-1, json.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Without_a_key_the_handler_refuses_to_start_unless_development_mode_is_explicit()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:FunctionKeys"] = "" }));
        Assert.Contains("ZlmHooks__FunctionKeys", error.ToString(), StringComparison.Ordinal);

        // Under func start (custom handler port set, not in Azure) the host checks no key: still refused.
        var local = new HostingEnvironment(CustomHandlerPort: 0, InAzure: false);
        await Assert.ThrowsAnyAsync<Exception>(() => RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:FunctionKeys"] = "" }, hosting: local));

        await using var dev = await RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:FunctionKeys"] = "", ["ZlmHooks:DevelopmentMode"] = "true" });
        using var client = dev.Client();
        using var response = await client.SendAsync(Post("/index/hook/on_play"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(dev.Logs.Lines, l => l.Contains("open to anyone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allow_by_default_is_refused_outside_development_mode()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AuthDefault"] = "Allow" }));
        Assert.Contains("DevelopmentMode", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hook_switched_off_by_its_app_setting_is_not_served()
    {
        await using var app = await RunningApp.StartAsync(new Dictionary<string, string?> { ["AzureWebJobs.on_play.Disabled"] = "true" });
        var play = await app.ReplayAsync(Capture.Named("on_play__001.http"));
        Assert.Equal(404, play.Status);
        var publish = await app.ReplayAsync(Capture.Named("on_publish__001.http"));
        Assert.Equal(200, publish.Status);
    }

    [Fact]
    public async Task A_percent_encoded_key_in_the_query_is_decoded()
    {
        await using var app = await RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:FunctionKeys"] = "a+b/c==" });
        var response = await RawHttp.SendAsync(app.Address, RawHttp.Build("POST", "/index/hook/on_play?code=" + Uri.EscapeDataString("a+b/c=="), "application/json", Encoding.UTF8.GetBytes("""{"app":"live","stream":"cam1"}""")));
        Assert.Equal(200, response.Status);
    }
}
