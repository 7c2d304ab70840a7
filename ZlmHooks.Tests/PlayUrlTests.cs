using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary><c>GET /api/play-urls</c> (the console's copyable URLs and preview) and what the servers'
/// health now keeps for it (address, build, config summary), over Kestrel on real Azurite.</summary>
public sealed class PlayUrlTests
{
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static Task<StorageApp> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ZlmHooks:AccessRules:CacheSeconds"] = "0",
            ["ZlmHooks:AccessRules:SigningKeys:default"] = SigningKey,
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return StorageApp.StartAsync(settings);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(StorageApp s, string path)
    {
        using var admin = s.App.AdminClient();
        using var response = await admin.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Url(JsonElement urls, string name) => urls.GetProperty(name).GetString()!;

    [Fact]
    public async Task A_server_is_kept_with_its_address_build_and_config_summary_and_never_its_secrets()
    {
        await using var s = await StartAsync();
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        var (_, body) = await GetAsync(s, "/api/servers");
        var server = Assert.Single(body.GetProperty("servers").EnumerateArray());
        Assert.Equal("127.0.0.1", server.GetProperty("address").GetString());
        Assert.StartsWith("ZLMediaKit(git hash:", server.GetProperty("version").GetString(), StringComparison.Ordinal);
        var config = server.GetProperty("config");
        var captured = JsonNode.Parse(Capture.Named("on_server_started__001.http").Body)!.AsObject();
        Assert.Equal(captured["http.port"]!.ToString(), config.GetProperty("http.port").GetString());
        Assert.Equal(captured["rtsp.port"]!.ToString(), config.GetProperty("rtsp.port").GetString());
        var text = body.GetRawText();
        foreach (var secret in new[] { "api.secret", "srt.passPhrase", "rtc.icePwd", "hook.on_play", "zlm-test-secret" })
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Play_urls_are_open_signed_bound_or_explained_as_the_streams_play_rule_says()
    {
        await using var s = await StartAsync();
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        var captured = JsonNode.Parse(Capture.Named("on_server_started__001.http").Body)!.AsObject();
        string Port(string key, string standard) => captured[key]!.ToString() is var p && p != standard ? ":" + p : "";
        await s.AdminAsync("rules", "add", "--id", "open", "--action", "play", "--app", "live", "--stream", "lobby", "--effect", "allow");
        await s.AdminAsync("rules", "add", "--id", "signed", "--action", "play", "--app", "live", "--stream", "paid*", "--effect", "credential", "--credentials", "signedurl");
        await s.AdminAsync("rules", "add", "--id", "tokens", "--action", "play", "--app", "live", "--stream", "club*", "--effect", "credential", "--credentials", "token");

        var (status, open) = await GetAsync(s, "/api/play-urls?server=zlm-test-01&app=live&stream=lobby");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("open", open.GetProperty("access").GetString());
        Assert.Equal($"rtsp://127.0.0.1{Port("rtsp.port", "554")}/live/lobby", Url(open, "rtsp"));
        Assert.Equal($"rtmp://127.0.0.1{Port("rtmp.port", "1935")}/live/lobby", Url(open, "rtmp"));
        Assert.Equal($"http://127.0.0.1{Port("http.port", "80")}/live/lobby.live.flv", Url(open, "flv"));
        Assert.Equal($"http://127.0.0.1{Port("http.port", "80")}/live/lobby/hls.m3u8", Url(open, "hls"));
        Assert.Equal($"http://127.0.0.1{Port("http.port", "80")}/live/lobby.live.mp4", Url(open, "preview"));

        // Signed for the rule that takes signed URLs: each URL's query is one on_play accepts.
        var (_, signed) = await GetAsync(s, "/api/play-urls?server=zlm-test-01&app=live&stream=paid1");
        Assert.Equal("signed", signed.GetProperty("access").GetString());
        Assert.True(signed.TryGetProperty("expiresAt", out _));
        foreach (var name in new[] { "rtsp", "rtmp", "flv", "hls", "preview" })
        {
            var query = new Uri(Url(signed, name)).Query.TrimStart('?');
            Assert.Contains("sign=", query, StringComparison.Ordinal);
            Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("paid1", query, ip: "203.0.113.9"))).Code());
        }
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("paid2", new Uri(Url(signed, "rtmp")).Query.TrimStart('?')))).Code());

        // Bound to one viewer's range: accepted from it, refused from elsewhere.
        var (_, bound) = await GetAsync(s, "/api/play-urls?server=zlm-test-01&app=live&stream=paid1&ip=203.0.113.0/24");
        var boundQuery = new Uri(Url(bound, "rtmp")).Query.TrimStart('?');
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("paid1", boundQuery, ip: "203.0.113.77"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("paid1", boundQuery, ip: "198.51.100.1"))).Code());
        Assert.Contains("203.0.113.0/24", bound.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(s, "/api/play-urls?server=zlm-test-01&app=live&stream=paid1&ip=not-an-address")).Status);

        // A credential the page cannot mint, and no rule at all: said, not signed.
        var (_, token) = await GetAsync(s, "/api/play-urls?server=zlm-test-01&app=live&stream=club1");
        Assert.Equal("credential", token.GetProperty("access").GetString());
        Assert.Contains("tokens", token.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sign=", Url(token, "rtmp"), StringComparison.Ordinal);
        var (_, denied) = await GetAsync(s, "/api/play-urls?server=zlm-test-01&app=other&stream=x");
        Assert.Equal("denied", denied.GetProperty("access").GetString());

        // A server nobody has heard of has no address; without a server, a 400.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(s, "/api/play-urls?server=nobody&app=live&stream=lobby")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(s, "/api/play-urls?app=live&stream=lobby")).Status);
    }

    [Fact]
    public async Task The_public_base_url_names_the_host_players_use()
    {
        await using var s = await StartAsync(new() { ["ZlmHooks:Recordings:PublicBaseUrls:zlm-test-01"] = "https://media1.example.net" });
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        await s.AdminAsync("rules", "add", "--id", "open", "--action", "play", "--app", "live", "--effect", "allow");
        var (_, urls) = await GetAsync(s, "/api/play-urls?server=zlm-test-01&app=live&stream=大厅 1");
        Assert.Equal("https://media1.example.net", urls.GetProperty("httpBase").GetString());
        Assert.Equal("https://media1.example.net/live/%E5%A4%A7%E5%8E%85%201.live.mp4", Url(urls, "preview"));
        Assert.StartsWith("rtmp://media1.example.net", Url(urls, "rtmp"), StringComparison.Ordinal);
        var (_, bases) = await GetAsync(s, "/api/play-urls?server=zlm-test-01");
        Assert.False(bases.TryGetProperty("rtmp", out _));
        Assert.Equal("https://media1.example.net", bases.GetProperty("httpBase").GetString());
    }

    [Fact]
    public async Task A_server_whose_api_is_not_configured_or_does_not_answer_is_said_so_not_failed()
    {
        await using var s = await StartAsync(new()
        {
            // Nothing listens on port 9 (discard) of loopback here: the call fails fast.
            ["ZlmHooks:Registry:MediaServers:down-01:ApiBase"] = "http://127.0.0.1:9",
            ["ZlmHooks:Registry:MediaServers:down-01:Secret"] = "never-shown-secret",
        });
        var (status, unknown) = await GetAsync(s, "/api/streams/live?server=zlm-test-01");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(unknown.GetProperty("available").GetBoolean());
        Assert.Contains("ZlmHooks__Registry__MediaServers__", unknown.GetProperty("note").GetString(), StringComparison.Ordinal);
        var (downStatus, down) = await GetAsync(s, "/api/streams/live?server=down-01");
        Assert.Equal(HttpStatusCode.OK, downStatus);
        Assert.False(down.GetProperty("available").GetBoolean());
        Assert.Contains("getMediaList", down.GetProperty("note").GetString(), StringComparison.Ordinal);
        // In words, never a .NET type name (it was "failed: HttpRequestException").
        Assert.Contains("could not be reached", down.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", down.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown-secret", down.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(s, "/api/streams/live")).Status);
    }

    [Fact]
    public async Task A_recordings_file_url_is_signed_for_its_folder_when_its_http_rule_takes_signed_urls()
    {
        await using var s = await StartAsync();
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        const string file = "/record/live/cam2/2026-11-24/2026-11-24-03-49-52-0.mp4";
        var (_, denied) = await GetAsync(s, "/api/play-urls?server=zlm-test-01&path=" + Uri.EscapeDataString(file));
        Assert.Equal("denied", denied.GetProperty("access").GetString());
        Assert.EndsWith(file, Url(denied, "file"), StringComparison.Ordinal);

        await s.AdminAsync("rules", "add", "--id", "recordings", "--action", "http", "--path", "/record/", "--effect", "credential", "--credentials", "signedurl");
        var (_, signed) = await GetAsync(s, "/api/play-urls?server=zlm-test-01&path=" + Uri.EscapeDataString(file));
        Assert.Equal("signed", signed.GetProperty("access").GetString());
        var url = new Uri(Url(signed, "file"));
        Assert.Equal(file, url.AbsolutePath);
        object Get(string path, string @params) => new
        {
            path, file_path = "/opt/zlmediakit/www" + path, is_dir = false, @params, ip = "127.0.0.1", id = "9-20", port = 58172,
            mediaServerId = "zlm-test-01", hook_index = 1, header_Host = "x",
        };
        // The signature covers the file's folder, as on_http_access checks it; not a folder beside it.
        Assert.Equal(0, (await s.PostAsync("on_http_access", Get(file, url.Query.TrimStart('?')))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_http_access", Get("/record/live/cam9/2026-11-24/x.mp4", url.Query.TrimStart('?')))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_http_access", Get(file, ""))).Code());

        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(s, "/api/play-urls?server=zlm-test-01&path=" + Uri.EscapeDataString("/record/../../etc/passwd"))).Status);
    }

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("203.0.113.5:51234, 10.0.0.1", "203.0.113.5")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("[2001:db8::1]:51234", "2001:db8::1")]
    [InlineData("not-an-address", null)]
    [InlineData("", null)]
    public void The_first_forwarded_address_is_read_with_or_without_its_port(string header, string? expected) =>
        Assert.Equal(expected, ZlmHooks.Hooks.HookSender.First(header)?.ToString());

    [Fact]
    public async Task Under_the_functions_host_a_servers_address_is_the_forwarded_one_and_on_its_own_never()
    {
        var prefix = Azurite.NewPrefix();
        var settings = Azurite.Settings(prefix);
        await Azurite.InitAsync(prefix, settings);
        var capture = Capture.Named("on_server_started__001.http");
        async Task<string?> AddressAsync(ZlmHooks.Hosting.HostingEnvironment hosting)
        {
            await using var app = await RunningApp.StartAsync(settings, hosting: hosting);
            var raw = System.Text.Encoding.ASCII.GetString(capture.WithKey(RunningApp.Key));
            var forwarded = raw.Replace("Host: hooks.example.net", "Host: hooks.example.net\r\nX-Forwarded-For: 198.51.100.20:40001, 10.1.1.1", StringComparison.Ordinal);
            if (!raw.Contains("\r\n", StringComparison.Ordinal)) forwarded = forwarded.Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.Equal(200, (await RawHttp.SendAsync(app.Address, System.Text.Encoding.ASCII.GetBytes(forwarded))).Status);
            using var admin = app.AdminClient();
            var servers = JsonDocument.Parse(await admin.GetStringAsync("/api/servers")).RootElement.GetProperty("servers");
            return servers.EnumerateArray().Single().GetProperty("address").GetString();
        }
        Assert.Equal("198.51.100.20", await AddressAsync(new ZlmHooks.Hosting.HostingEnvironment(CustomHandlerPort: 0, InAzure: false)));
        Assert.Equal("127.0.0.1", await AddressAsync(new ZlmHooks.Hosting.HostingEnvironment(CustomHandlerPort: null, InAzure: false)));
    }
}
