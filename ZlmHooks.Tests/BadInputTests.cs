using System.Text;
using Microsoft.AspNetCore.Hosting;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Malformed requests get a clear JSON answer: a refusal for auth hooks (HTTP 200,
/// code -1, so MediaServer refuses the client at once), a 4xx for the others. Never a 5xx.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private RunningApp _app = null!;

    public async Task InitializeAsync() => _app = await RunningApp.StartAsync(new Dictionary<string, string?>
    {
        ["ZlmHooks:MaxBodyBytes"] = "8192",
        // Even when auth hooks would allow, bad input must never be let through.
        ["ZlmHooks:DevelopmentMode"] = "true",
        ["ZlmHooks:AuthDefault"] = "Allow",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string?, string, bool, string> Cases() => new()
    {
        { "invalid JSON", "application/json", "{\"app\": live}", true, "not valid JSON" },
        { "truncated JSON", "application/json", "{\"app\":\"live\",", true, "not valid JSON" },
        { "JSON array", "application/json", "[1,2]", true, "malformed JSON body" },
        { "JSON null", "application/json", "null", true, "expected a JSON object" },
        { "wrong content type", "text/plain", "{\"app\":\"live\",\"stream\":\"cam1\"}", true, "Content-Type must be application/json" },
        { "no content type", null, "{\"app\":\"live\",\"stream\":\"cam1\"}", true, "Content-Type must be application/json" },
        { "form post", "application/x-www-form-urlencoded", "app=live&stream=cam1", true, "Content-Type" },
        { "empty body", "application/json", "", true, "empty body" },
        { "whitespace body", "application/json", "  \r\n ", true, "empty body" },
        { "wrong field type", "application/json", "{\"app\":[\"live\"],\"stream\":\"cam1\"}", true, "$.app" },
        { "missing stream", "application/json", "{\"app\":\"live\"}", true, "'stream'" },
        { "body over the limit", "application/json", "{\"app\":\"live\",\"stream\":\"cam1\",\"pad\":\"" + new string('x', 9000) + "\"}", true, "larger than the 8192-byte limit" },
        { "chunked body over the limit", "application/json", "{\"app\":\"live\",\"stream\":\"cam1\",\"pad\":\"" + new string('x', 9000) + "\"}", false, "larger than the 8192-byte limit" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Auth_hook_refuses_with_a_readable_msg(string name, string? contentType, string body, bool contentLength, string expected)
    {
        foreach (var hook in new[] { "on_play", "on_publish" })
        {
            var response = await SendAsync(hook, contentType, body, contentLength);
            Assert.Equal(200, response.Status);
            var json = response.Json;
            Assert.Equal(-1, json.GetProperty("code").GetInt32());
            Assert.Contains(expected, json.GetProperty("msg").GetString(), StringComparison.Ordinal);
            AssertNoInternals(response, name);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Notification_and_policy_hooks_answer_4xx_so_nothing_is_taken_as_recorded(string name, string? contentType, string body, bool contentLength, string expected)
    {
        foreach (var hook in new[] { "on_stream_not_found", "on_flow_report" })
        {
            var response = await SendAsync(hook, contentType, body, contentLength);
            Assert.InRange(response.Status, 400, 499);
            Assert.Equal(-1, response.Json.GetProperty("code").GetInt32());
            Assert.Contains(expected, response.Json.GetProperty("msg").GetString(), StringComparison.Ordinal);
            AssertNoInternals(response, name);
        }
    }

    [Fact]
    public async Task Wrong_method_and_unknown_hook_are_refused_without_a_5xx()
    {
        var get = await RawHttp.SendAsync(_app.Address, RawHttp.Build("GET", $"/index/hook/on_play?code={RunningApp.Key}", null, []));
        Assert.Equal(405, get.Status);
        var unknown = await RawHttp.SendAsync(_app.Address, RawHttp.Build("POST", $"/index/hook/on_nothing?code={RunningApp.Key}", "application/json", "{}"u8.ToArray()));
        Assert.Equal(404, unknown.Status);
    }

    /// <summary>A chunk size no body can have (issue 14, D1): Kestrel refuses to read it, and that is
    /// answered like any bad body: a refusal for an auth hook, a 4xx for the others, never a 500.</summary>
    [Theory]
    [InlineData("on_play", 200)]
    [InlineData("on_publish", 200)]
    [InlineData("on_flow_report", 400)]
    public async Task A_body_with_an_impossible_chunk_size_is_bad_input_not_a_500(string hook, int status)
    {
        var request = Encoding.ASCII.GetBytes(
            $"POST /index/hook/{hook}?code={RunningApp.Key} HTTP/1.1\r\nHost: hooks.example.net\r\nConnection: close\r\n" +
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{\"app\":\"live\"}\r\n0\r\n\r\n");
        var response = await RawHttp.SendAsync(_app.Address, request);
        Assert.Equal(status, response.Status);
        Assert.Equal(-1, response.Json.GetProperty("code").GetInt32());
        Assert.Contains("malformed HTTP body", response.Json.GetProperty("msg").GetString(), StringComparison.Ordinal);
        AssertNoInternals(response, hook);
    }

    /// <summary>Issue 29, D8: a body that stalls half-way is answered 408 in the sender's terms, never
    /// with Kestrel's own text ("See MinRequestBodyDataRate", a .NET setting's name).</summary>
    [Theory]
    [InlineData("on_play", 200)]
    [InlineData("on_flow_report", 408)]
    public async Task A_body_that_arrives_too_slowly_is_answered_in_plain_words(string hook, int status)
    {
        // Kestrel's minimum body rate with a short grace period (its least is a second), so the stall shows in seconds.
        await using var app = await RunningApp.StartAsync(configure: builder => builder.WebHost.ConfigureKestrel(k =>
            k.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(240, TimeSpan.FromSeconds(2))));
        var body = Encoding.UTF8.GetBytes("{\"app\":\"live\",\"stream\":\"cam1\",\"pad\":\"" + new string('x', 2000) + "\"}");
        var request = RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", body);
        var response = await RawHttp.SendAsync(app.Address, request[..^1000]); // the rest never comes
        Assert.Equal(status, response.Status);
        Assert.Equal(-1, response.Json.GetProperty("code").GetInt32());
        var msg = response.Json.GetProperty("msg").GetString();
        Assert.Contains("arrived too slowly", msg, StringComparison.Ordinal);
        Assert.DoesNotContain("MinRequestBodyDataRate", msg, StringComparison.Ordinal);
        Assert.DoesNotContain("MinRequestBodyDataRate", string.Join('\n', app.Logs.Lines.Where(l => l.Contains(hook, StringComparison.Ordinal))), StringComparison.Ordinal);
        AssertNoInternals(response, hook);
    }

    /// <summary>Issue 29: a key given twice is refused as before, and logged as one line that names the
    /// key and the hook, not as a stack trace.</summary>
    [Theory]
    [InlineData("on_play", 200)]
    [InlineData("on_publish", 200)]
    [InlineData("on_flow_report", 400)]
    [InlineData("on_stream_not_found", 400)]
    [InlineData("on_stream_changed", 400)]
    public async Task A_duplicate_key_is_refused_and_logged_as_one_line_naming_it(string hook, int status)
    {
        var response = await SendAsync(hook, "application/json", "{\"app\":\"live\",\"stream\":\"cam1\",\"app\":\"other\",\"schema\":\"rtmp\",\"regist\":true}", true);
        Assert.Equal(status, response.Status);
        Assert.Equal(-1, response.Json.GetProperty("code").GetInt32());
        Assert.Contains("duplicate key 'app'", response.Json.GetProperty("msg").GetString(), StringComparison.Ordinal);
        AssertNoInternals(response, hook);

        var lines = await _app.Logs.MatchingAsync(l => l.Contains(hook, StringComparison.Ordinal) && l.Contains("duplicate key 'app'", StringComparison.Ordinal));
        Assert.Single(lines);
        var all = _app.Logs.Lines.Where(l => l.Contains(hook, StringComparison.Ordinal)).ToList();
        Assert.All(all, l =>
        {
            Assert.DoesNotContain("   at ", l, StringComparison.Ordinal);
            Assert.DoesNotContain(".cs:line", l, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_app_keeps_answering_after_a_flood_of_bad_requests()
    {
        for (var i = 0; i < 50; i++)
            await SendAsync("on_play", "application/json", "{\"app\":", true);
        var ok = await _app.ReplayAsync(Capture.Named("on_play__001.http"));
        Assert.Equal(0, ok.Json.GetProperty("code").GetInt32());
    }

    private Task<RawResponse> SendAsync(string hook, string? contentType, string body, bool contentLength) =>
        RawHttp.SendAsync(_app.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", contentType, Encoding.UTF8.GetBytes(body), contentLength));

    private static void AssertNoInternals(RawResponse response, string name)
    {
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", response.Body, StringComparison.Ordinal);
        Assert.True(response.Status < 500, name);
    }
}
