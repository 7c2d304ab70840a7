using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// One test per defect of issue 14, each a single request an attacker or a broken client could send.
/// Notifications with odd values are accepted and recorded (200), never answered 503 (which would make
/// MediaServer retry a body that can never succeed); no secret is kept; no odd spelling is let through.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private StorageApp _s = null!;
    private FakeEventGrid _grid = null!;

    public async Task InitializeAsync()
    {
        _grid = await FakeEventGrid.StartAsync();
        _s = await StorageApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:Events:TopicEndpoint"] = _grid.Endpoint.ToString(),
            ["ZlmHooks:Events:TopicKey"] = FakeEventGrid.Key,
            ["ZlmHooks:Events:PublishTimeoutMilliseconds"] = "5000",
        });
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        await _grid.DisposeAsync();
    }

    private static JsonObject Body(string capture, Action<JsonObject>? change = null)
    {
        var body = JsonNode.Parse(Capture.Named(capture).Body)!.AsObject();
        change?.Invoke(body);
        return body;
    }

    private Task<RawResponse> SendAsync(string hook, JsonObject body) => SendAsync(hook, JsonSerializer.SerializeToUtf8Bytes(body));

    private Task<RawResponse> SendAsync(string hook, byte[] body) =>
        RawHttp.SendAsync(_s.App.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", body));

    /// <summary>A body with <paramref name="marker"/> (a JSON string literal) replaced by raw bytes.</summary>
    private static byte[] WithRaw(JsonObject body, string marker, byte[] raw)
    {
        var text = JsonSerializer.SerializeToUtf8Bytes(body);
        var quoted = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(marker));
        var at = text.AsSpan().IndexOf(quoted);
        Assert.True(at >= 0);
        return [.. text.AsSpan(0, at), .. raw, .. text.AsSpan(at + quoted.Length)];
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var client = _s.App.AdminClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<JsonElement> StreamAsync(string stream)
    {
        var streams = (await GetAsync("/api/streams")).GetProperty("streams");
        return streams.EnumerateArray().Single(x => x.GetProperty("stream").GetString() == stream);
    }

    [Theory]
    [InlineData("lone surrogate escape", "\"\\udfff\"")]
    [InlineData("lone high surrogate then text", "\"a\\ud800b\"")]
    [InlineData("invalid UTF-8 bytes", "\"\xff\xfe\"")]
    public async Task D2_invalid_text_in_a_field_no_type_names_is_recorded_with_a_replacement_character(string name, string raw)
    {
        var body = Body("on_stream_changed__001.http", b => { b["stream"] = "d2-" + name.Replace(' ', '-'); b["vendorNote"] = "MARKER"; });
        var response = await SendAsync("on_stream_changed", WithRaw(body, "MARKER", Encoding.Latin1.GetBytes(raw)));
        Assert.Equal(200, response.Status);
        Assert.True((await StreamAsync("d2-" + name.Replace(' ', '-'))).GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task D2_invalid_text_in_a_typed_field_is_recorded_with_a_replacement_character()
    {
        var body = Body("on_stream_changed__001.http", b => b["stream"] = "MARKER");
        var response = await SendAsync("on_stream_changed", WithRaw(body, "MARKER", "\"d2x\\udfff\""u8.ToArray()));
        Assert.Equal(200, response.Status);
        Assert.True((await StreamAsync("d2x\uFFFD")).GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task D3_a_start_time_no_calendar_holds_is_catalogued_without_a_day()
    {
        var body = Body("on_record_ts__001.http", b => { b["start_time"] = long.MaxValue; b["stream"] = "d3"; });
        Assert.Equal(200, (await SendAsync("on_record_ts", body)).Status);
        var found = (await GetAsync("/api/recordings?stream=d3")).GetProperty("recordings");
        Assert.Equal(1, found.GetArrayLength());
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("99999999999999999999999")]
    public async Task D4_a_number_out_of_every_range_is_accepted(string number)
    {
        var body = Body("on_flow_report__001.http", b => { b["duration"] = "MARKER"; b["totalBytes"] = "MARKER2"; });
        var bytes = WithRaw(body, "MARKER", Encoding.ASCII.GetBytes(number));
        var text = Encoding.UTF8.GetString(bytes).Replace("\"MARKER2\"", number, StringComparison.Ordinal);
        var response = await SendAsync("on_flow_report", Encoding.UTF8.GetBytes(text));
        Assert.Equal(200, response.Status);
        Assert.Equal(0, response.Json.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task D5_a_null_track_is_skipped_and_the_stream_registered()
    {
        var body = Body("on_stream_changed__001.http", b => { b["stream"] = "d5"; b["tracks"] = new JsonArray(null, JsonValue.Create(7), new JsonArray()); });
        Assert.Equal(200, (await SendAsync("on_stream_changed", body)).Status);
        Assert.True((await StreamAsync("d5")).GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task D6_ids_too_long_for_a_table_key_are_hashed_into_the_key_and_kept_whole()
    {
        var server = "srv-" + new string('s', 2000);
        var stream = "d6-" + new string('x', 3000);
        Assert.Equal(200, (await SendAsync("on_stream_changed", Body("on_stream_changed__001.http", b => { b["mediaServerId"] = server; b["stream"] = stream; }))).Status);
        var entry = await StreamAsync(stream);
        Assert.Equal(server, entry.GetProperty("mediaServerId").GetString());
        // A row key joins vhost, app and stream: all three long at once still fit (found by the fuzz suite).
        var vhost = "v" + new string('é', 1200);
        Assert.Equal(200, (await SendAsync("on_stream_changed", Body("on_stream_changed__001.http", b => { b["vhost"] = vhost; b["app"] = new string('a', 5000); b["stream"] = stream + "-2"; }))).Status);
        Assert.Equal(vhost, (await StreamAsync(stream + "-2")).GetProperty("vhost").GetString());

        Assert.Equal(200, (await SendAsync("on_server_keepalive", Body("on_server_keepalive__001.http", b => b["mediaServerId"] = server))).Status);
        var servers = (await GetAsync("/api/servers")).GetProperty("servers").EnumerateArray();
        Assert.Contains(servers, x => x.GetProperty("mediaServerId").GetString() == server);

        // A blob's metadata holds 8 KiB in all: ids are kept whole up to 700 characters (the entry's JSON keeps every one whole).
        var recorded = "d6-" + new string('r', 600);
        var record = Body("on_record_mp4__001.http", b => { b["mediaServerId"] = server; b["stream"] = recorded; b["app"] = new string('a', 1500); });
        Assert.Equal(200, (await SendAsync("on_record_mp4", record)).Status);
        var recordings = (await GetAsync("/api/recordings?stream=" + recorded)).GetProperty("recordings");
        Assert.Equal(recorded, recordings.EnumerateArray().Single().GetProperty("stream").GetString());
    }

    [Theory]
    [InlineData("'")]
    [InlineData("mp4' AND \"zlmapp\" = 'nosuch")]
    [InlineData("avi")]
    public async Task D7_a_recording_filter_outside_its_values_is_a_400_never_part_of_the_query(string kind)
    {
        using var client = _s.App.AdminClient();
        using var response = await client.GetAsync($"/api/recordings?kind={Uri.EscapeDataString(kind)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("kind", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("167838211")]
    [InlineData("0x0a010203")]
    [InlineData("10.1.515")]
    [InlineData("012.1.2.3")]
    [InlineData("10.1.2.3 ")]
    [InlineData("10.1.2.3%eth0")]
    [InlineData("::ffff:10.1.2.3%1")]
    [InlineData("[::ffff:10.1.2.3]")]
    public async Task D8_an_ip_in_a_non_canonical_spelling_never_matches_an_allow_rule(string ip)
    {
        await _s.AdminAsync("rules", "add", "--id", "d8", "--action", "play", "--app", "d8", "--effect", "allow", "--ip", "10.1.2.3/32");
        Assert.Equal(0, (await _s.PostAsync("on_play", StorageApp.Play("s", app: "d8", ip: "10.1.2.3"))).Code());
        Assert.Equal(0, (await _s.PostAsync("on_play", StorageApp.Play("s", app: "d8", ip: "::ffff:10.1.2.3"))).Code());
        Assert.NotEqual(0, (await _s.PostAsync("on_play", StorageApp.Play("s", app: "d8", ip: ip))).Code());
    }

    [Fact]
    public async Task D8_a_deny_rule_still_applies_to_a_non_canonical_ip()
    {
        await _s.AdminAsync("rules", "add", "--id", "d8-all", "--action", "play", "--app", "d8b", "--effect", "allow");
        await _s.AdminAsync("rules", "add", "--id", "d8-bad", "--action", "play", "--app", "d8b", "--effect", "deny", "--ip", "10.1.2.3/32");
        Assert.Equal(0, (await _s.PostAsync("on_play", StorageApp.Play("s", app: "d8b", ip: "10.9.9.9"))).Code());
        Assert.NotEqual(0, (await _s.PostAsync("on_play", StorageApp.Play("s", app: "d8b", ip: "167838211"))).Code());
    }

    [Theory]
    [InlineData("/pub/../secret/x.mp4")]
    [InlineData("/pub/%2e%2e/secret/x.mp4")]
    [InlineData("/pub/%2E%2E%2Fsecret/x.mp4")]
    [InlineData("/pub/..%2fsecret/x.mp4")]
    [InlineData("/pub/./../secret/x.mp4")]
    [InlineData("/pub/..\\secret/x.mp4")]
    [InlineData("/pub/a/../../secret/x.mp4")]
    [InlineData("/../pub/x.mp4")]
    [InlineData("/pub/%252e%252e/secret/x.mp4")]
    [InlineData("/pub/x.mp4%00.txt")]
    public async Task D9_a_path_that_leaves_an_allowed_folder_is_refused(string path)
    {
        await _s.AdminAsync("rules", "add", "--id", "d9", "--action", "http", "--path", "/pub/", "--effect", "allow");
        var reply = await _s.PostAsync("on_http_access", Body("on_http_access__001.http", b => { b["path"] = path; b["params"] = ""; }));
        Assert.NotEqual(0, reply.Code());
        Assert.Equal("", reply.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("/pub/x.mp4", "/pub/")]
    [InlineData("/pub//a/./b/../x.mp4", "/pub/a/")]   // the normalised file's folder: /pub/a/x.mp4
    [InlineData("/pub/%e4%b8%ad.mp4", "/pub/")]
    public async Task D9_a_path_inside_the_folder_is_allowed_once_normalised(string path, string covered)
    {
        await _s.AdminAsync("rules", "add", "--id", "d9", "--action", "http", "--path", "/pub/", "--effect", "allow");
        var reply = await _s.PostAsync("on_http_access", Body("on_http_access__001.http", b => { b["path"] = path; b["params"] = ""; }));
        Assert.Equal(0, reply.Code());
        Assert.Equal(covered, reply.GetProperty("path").GetString());
    }

    [Fact]
    public async Task S1_S2_camera_credentials_in_an_origin_url_are_neither_stored_served_nor_published()
    {
        const string origin = "rtsp://admin:Cam3raPa55@192.0.2.7:554/Streaming/101?token=T0kenValue&channel=1";
        var body = Body("on_stream_changed__001.http", b => { b["stream"] = "s1"; b["originUrl"] = origin; });
        Assert.Equal(200, (await SendAsync("on_stream_changed", body)).Status);

        var served = (await StreamAsync("s1")).GetProperty("originUrl").GetString()!;
        Assert.StartsWith("rtsp://admin", served, StringComparison.Ordinal);
        Assert.Contains("192.0.2.7:554/Streaming/101", served, StringComparison.Ordinal);
        Assert.Contains("channel=1", served, StringComparison.Ordinal);
        var stored = await Azurite.TableTextAsync(_s.Prefix + "streams");
        var published = await _grid.WaitForAsync(e => e.GetRawText().Contains("192.0.2.7", StringComparison.Ordinal));
        foreach (var text in new[] { served, stored, published.GetRawText(), string.Join('\n', _s.App.Logs.Lines) })
        {
            Assert.DoesNotContain("Cam3raPa55", text, StringComparison.Ordinal);
            Assert.DoesNotContain("T0kenValue", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task S3_secrets_of_any_type_and_under_unknown_keys_leave_server_started_redacted()
    {
        var body = Body("on_server_started__001.http", b =>
        {
            b["api.secret"] = 918273645546372;
            b["hook.admin_params"] = "secret=AdminParamValue";
            b["rtsp.password"] = true;
            b["srt.passPhrase"] = new JsonObject { ["value"] = "NestedPassPhrase" };
            b["hook.on_play"] = "https://hooks.example.net/index/hook/on_play?code=HookKeyValue";
            b["vendor.apiKey"] = "VendorKeyValue";
            b["vendor.auth_token"] = 55512345;
            b["custom.url"] = "rtmp://user:UrlPassValue@example.net/live";
        });
        Assert.Equal(200, (await SendAsync("on_server_started", body)).Status);
        var published = await _grid.WaitForAsync(e => e.GetProperty("type").GetString()!.EndsWith("server.started", StringComparison.Ordinal));
        var servers = JsonSerializer.Serialize(await GetAsync("/api/servers"));
        var stored = await Azurite.TableTextAsync(_s.Prefix + "servers");
        foreach (var text in new[] { published.GetRawText(), servers, stored, string.Join('\n', _s.App.Logs.Lines) })
            foreach (var secret in new[] { "918273645546372", "AdminParamValue", "NestedPassPhrase", "HookKeyValue", "VendorKeyValue", "55512345", "UrlPassValue" })
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.Contains("hooks.example.net/index/hook/on_play", published.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_with_a_line_break_cannot_forge_a_log_line()
    {
        var reply = await _s.PostAsync("on_play", StorageApp.Play("cam\n2026-11-26 info: on_play live/cam9: allow"));
        Assert.NotEqual(0, reply.Code());
        var line = _s.App.Logs.Lines.Single(l => l.Contains("cam\\x0A2026-11-26", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line.Split(" Hook=")[0]);
    }

    [Theory]
    [InlineData("{\"app\":\"live\",\"stream\":\"c\" /* comment */}")]
    [InlineData("{\"app\":\"live\",\"stream\":\"c\",}")]
    public async Task Json_that_MediaServer_never_sends_is_refused(string json)
    {
        var response = await SendAsync("on_stream_not_found", Encoding.UTF8.GetBytes(json));
        Assert.Equal(400, response.Status);
        var play = await SendAsync("on_play", Encoding.UTF8.GetBytes(json));
        Assert.Equal(200, play.Status);
        Assert.Equal(-1, play.Json.GetProperty("code").GetInt32());
    }
}

/// <summary>Issue 14, item 7: a client that keeps failing on_shell_login is locked out for longer and longer.</summary>
public sealed class ShellLoginLockoutTests
{
    private static object Login(string password, string ip = "192.0.2.50") => new { user_name = "admin", passwd = password, ip, port = 4000, id = "1-1", mediaServerId = "zlm-test-01" };

    [Fact]
    public async Task Repeated_failures_lock_the_address_out_for_a_growing_time_and_a_success_clears_it()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("shell-users", "add", "--user", "admin", "--password", "right-one");
        for (var i = 0; i < 5; i++)
            Assert.Contains("wrong password", (await s.PostAsync("on_shell_login", Login("guess" + i))).Msg(), StringComparison.Ordinal);
        Assert.Equal(0, (await s.PostAsync("on_shell_login", Login("right-one"))).Code()); // five failures are free
        for (var i = 0; i < 6; i++)
            await s.PostAsync("on_shell_login", Login("guess" + i));

        // Locked: even the right password is refused, without being checked; another address is not locked.
        var locked = await s.PostAsync("on_shell_login", Login("right-one"));
        Assert.Equal(-1, locked.Code());
        Assert.Contains("too many failed logins", locked.Msg(), StringComparison.Ordinal);
        Assert.Equal(0, (await s.PostAsync("on_shell_login", Login("right-one", ip: "192.0.2.51"))).Code());

        s.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(-1, (await s.PostAsync("on_shell_login", Login("guess-again"))).Code()); // the 7th failure: locked for 60 s now
        s.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Contains("too many failed logins", (await s.PostAsync("on_shell_login", Login("right-one"))).Msg(), StringComparison.Ordinal);
        s.Clock.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal(0, (await s.PostAsync("on_shell_login", Login("right-one"))).Code());
        Assert.Contains("wrong password", (await s.PostAsync("on_shell_login", Login("guess"))).Msg(), StringComparison.Ordinal); // cleared by the success
    }
}
