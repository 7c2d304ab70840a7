using System.Net;
using System.Text;
using System.Text.Json;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>The access rules' admin API (docs/admin-api.md) over Kestrel on real Azurite: the CLI's
/// operations, the same stores and validation, behind the admin key.</summary>
public sealed class AdminApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Rules_are_listed_saved_with_the_clis_validation_and_removed_and_the_hooks_obey_at_once()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "0" });
        using var admin = s.App.AdminClient();
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam1"))).Code());

        var (saved, rule) = await SendAsync(admin, HttpMethod.Put, "/api/rules/viewers", """{"id":"viewers","action":"play","app":"live","stream":"cam*","effect":"allow","label":"lobby"}""");
        Assert.True(saved == HttpStatusCode.OK, string.Join("\n", s.App.Logs.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
        Assert.Equal("lobby", rule.GetProperty("label").GetString());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1"))).Code());
        // The CLI and the API share the store: what one adds, the other lists.
        await s.AdminAsync("rules", "add", "--id", "pushers", "--action", "publish", "--app", "live", "--effect", "allow");
        var (_, list) = await SendAsync(admin, HttpMethod.Get, "/api/rules");
        Assert.Equal(["pushers", "viewers"], list.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Order());
        Assert.Contains("viewers", await s.AdminAsync("rules", "list"));

        // Refused with the CLI's messages, nothing saved.
        foreach (var (body, path, message) in new[]
                 {
                     ("""{"id":"v2","action":"play","effect":"credential"}""", "/api/rules/v2", "effect credential needs at least one credential kind"),
                     ("""{"id":"other","action":"play","effect":"allow"}""", "/api/rules/v3", "the rule's id 'other' is not the one in the path ('v3')"),
                     ("""{"id":"v4","action":"play","stream":"ca*m","effect":"allow"}""", "/api/rules/v4", "'*' is allowed only at the end"),
                     ("""{"id":"v5","action":"play","effect":"maybe"}""", "/api/rules/v5", "the body is not the JSON this call takes"),
                     ("""not json""", "/api/rules/v6", "the body is not the JSON this call takes"),
                 })
        {
            var (status, problem) = await SendAsync(admin, HttpMethod.Put, path, body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(message, problem.GetProperty("msg").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(2, (await SendAsync(admin, HttpMethod.Get, "/api/rules")).Body.GetProperty("rules").GetArrayLength());

        // A pull rule's source URL is served without its password, and cannot be saved back that way.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Put, "/api/rules/pull1", """{"id":"pull1","action":"pull","app":"live","stream":"cam*","sourceUrl":"rtsp://admin:hunter2@cams.local/$stream"}""")).Status);
        var listed = (await SendAsync(admin, HttpMethod.Get, "/api/rules")).Body.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "pull1");
        Assert.Equal("rtsp://admin:[redacted]@cams.local/$stream", listed.GetProperty("sourceUrl").GetString());
        var (back, refusal) = await SendAsync(admin, HttpMethod.Put, "/api/rules/pull1", listed.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, back);
        Assert.Contains("redacted password", refusal.GetProperty("msg").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Delete, "/api/rules/viewers")).Status);
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam1"))).Code());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Delete, "/api/rules/viewers")).Status);

        // Every one of these needs the admin key; the function key opens none.
        using var hookKeyed = s.App.Client();
        hookKeyed.DefaultRequestHeaders.Add("x-functions-key", RunningApp.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(hookKeyed, HttpMethod.Put, "/api/rules/x", """{"id":"x","action":"play","effect":"allow"}""")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(hookKeyed, HttpMethod.Delete, "/api/rules/pushers")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(hookKeyed, HttpMethod.Post, "/api/tokens", """{"label":"x"}""")).Status);
    }

    [Fact]
    public async Task A_token_is_shown_once_listed_without_itself_and_what_would_happen_does_not_use_it_up()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "0" });
        using var admin = s.App.AdminClient();
        await SendAsync(admin, HttpMethod.Put, "/api/rules/paid", """{"id":"paid","action":"play","app":"live","stream":"ppv*","effect":"credential","credentials":"Token"}""");

        var (created, body) = await SendAsync(admin, HttpMethod.Post, "/api/tokens", """{"label":"once","action":"play","stream":"ppv*","uses":1,"expiresInDays":1}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var token = body.GetProperty("token").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        var listed = (await SendAsync(admin, HttpMethod.Get, "/api/tokens")).Body;
        Assert.Equal("once", listed.GetProperty("tokens")[0].GetProperty("label").GetString());
        Assert.Equal(1, listed.GetProperty("tokens")[0].GetProperty("uses").GetInt32());
        Assert.DoesNotContain(token, listed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("digest", listed.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // "What would happen", twice: allowed both times, and the one use is still there.
        var ask = $$"""{"action":"play","app":"live","stream":"ppv1","ip":"203.0.113.5","params":"token={{token}}"}""";
        for (var i = 0; i < 2; i++)
        {
            var (status, decision) = await SendAsync(admin, HttpMethod.Post, "/api/decide", ask);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(decision.GetProperty("allowed").GetBoolean(), decision.GetRawText());
            Assert.Equal("paid", decision.GetProperty("ruleId").GetString());
        }
        Assert.DoesNotContain("\\u0027", (await (await admin.PostAsync("/api/decide", Json(ask))).Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("ppv1", $"token={token}"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("ppv1", $"token={token}"))).Code());
        var after = (await SendAsync(admin, HttpMethod.Post, "/api/decide", ask)).Body;
        Assert.False(after.GetProperty("allowed").GetBoolean());
        Assert.Contains("has been used 1 time(s)", after.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var none = (await SendAsync(admin, HttpMethod.Post, "/api/decide", """{"action":"play","app":"live","stream":"ppv1"}""")).Body;
        Assert.Contains("requires a credential: token", none.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var unmatched = (await SendAsync(admin, HttpMethod.Post, "/api/decide", """{"action":"publish","app":"live","stream":"x"}""")).Body;
        Assert.Equal(JsonValueKind.Undefined, unmatched.TryGetProperty("ruleId", out var id) ? id.ValueKind : JsonValueKind.Undefined);
        Assert.Contains("no rule allows this publish", unmatched.GetProperty("reason").GetString(), StringComparison.Ordinal);

        foreach (var (json, message) in new[]
                 {
                     ("""{"app":"live","stream":"x"}""", "action is required"),
                     ("""{"action":"play","app":"live"}""", "app and stream are required"),
                     ("""{"action":"http","path":"/../etc/passwd"}""", "the path climbs above the root"),
                 })
            Assert.Contains(message, (await SendAsync(admin, HttpMethod.Post, "/api/decide", json)).Body.GetProperty("msg").GetString(), StringComparison.Ordinal);
        // A file request is decided on its normalised path, as on_http_access decides it.
        var file = (await SendAsync(admin, HttpMethod.Post, "/api/decide", """{"action":"http","path":"/live/../private/a.mp4"}""")).Body;
        Assert.Contains("no rule allows this http", file.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(admin, HttpMethod.Post, "/api/tokens", """{"label":"x","action":"watch"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(admin, HttpMethod.Post, "/api/tokens", """{"action":"play"}""")).Status);

        Assert.Equal(1, (await SendAsync(admin, HttpMethod.Delete, "/api/tokens/once")).Body.GetProperty("removed").GetInt32());
        Assert.Equal(0, (await SendAsync(admin, HttpMethod.Get, "/api/tokens")).Body.GetProperty("tokens").GetArrayLength());
    }

    [Fact]
    public async Task Rtsp_and_shell_users_take_a_password_and_never_give_one_back()
    {
        await using var s = await StorageApp.StartAsync();
        using var admin = s.App.AdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin, HttpMethod.Put, "/api/rtsp-users/cams/alice", """{"password":"s3cret-rtsp"}""")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin, HttpMethod.Put, "/api/shell-users/ops", """{"password":"s3cret-shell"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(admin, HttpMethod.Put, "/api/shell-users/ops2", """{}""")).Status);

        var rtsp = (await SendAsync(admin, HttpMethod.Get, "/api/rtsp-users")).Body;
        Assert.Equal(("cams", "alice"), (rtsp.GetProperty("users")[0].GetProperty("realm").GetString(), rtsp.GetProperty("users")[0].GetProperty("user").GetString()));
        var shell = (await SendAsync(admin, HttpMethod.Get, "/api/shell-users")).Body;
        Assert.Equal("ops", shell.GetProperty("users")[0].GetString());
        Assert.DoesNotContain("s3cret", rtsp.GetRawText() + shell.GetRawText(), StringComparison.Ordinal);

        // The shell password works where it is for: MediaServer's debug shell asks on_shell_login.
        var login = await s.PostAsync("on_shell_login", new { user_name = "ops", passwd = "s3cret-shell", ip = "127.0.0.1", port = 50000, id = "1", mediaServerId = "zlm-test-01" });
        Assert.Equal(0, login.Code());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Delete, "/api/rtsp-users/cams/alice")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Delete, "/api/shell-users/ops")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Delete, "/api/shell-users/ops")).Status);
        Assert.DoesNotContain(s.App.Logs.Lines, l => l.Contains("s3cret", StringComparison.Ordinal));
    }
}
