using System.Text.Json;
using System.Text.Json.Nodes;
using ZlmHooks.Servers;
using ZlmHooks.Streams;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>The live stream registry, server health, idle policy and on-demand pull on real Azurite.</summary>
public sealed class RegistryTests
{
    private static JsonObject Body(string capture, Action<JsonObject>? change = null)
    {
        var body = JsonNode.Parse(Capture.Named(capture).Body)!.AsObject();
        change?.Invoke(body);
        return body;
    }

    private static async Task<int> SendAsync(StorageApp s, string hook, JsonObject body)
    {
        var response = await RawHttp.SendAsync(s.App.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body)));
        return response.Status;
    }

    private static async Task<List<StreamEntry>> StreamsAsync(StorageApp s, string query = "")
    {
        using var client = s.App.AdminClient();
        var json = await client.GetStringAsync($"/api/streams?{query}");
        return JsonSerializer.Deserialize<StreamListDto>(json)!.streams;
    }

    private static async Task<List<ServerEntry>> ServersAsync(StorageApp s)
    {
        using var client = s.App.AdminClient();
        return JsonSerializer.Deserialize<ServerListDto>(await client.GetStringAsync($"/api/servers"))!.servers;
    }

    private sealed record StreamListDto(List<StreamEntry> streams);
    private sealed record ServerListDto(List<ServerEntry> servers);

    private static IEnumerable<Capture> StreamChangesInOrder() =>
        Capture.Of("on_stream_changed").OrderBy(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("hook_index").GetInt64());

    [Fact]
    public async Task Replaying_the_captured_stream_changes_in_order_gives_the_registry_a_person_expects()
    {
        await using var s = await StorageApp.StartAsync();
        foreach (var capture in StreamChangesInOrder())
            Assert.Equal(200, (await s.ReplayAsync(capture.FileName)).Status);

        var streams = (await StreamsAsync(s)).ToDictionary(x => x.Stream);
        Assert.Equal(["cam2", "cam3", "hlsrec", "realm1", "slow1"], streams.Keys.Order());
        Assert.Equal(["fmp4", "hls"], streams["hlsrec"].Schemas);
        Assert.Equal(["rtmp", "rtsp"], streams["realm1"].Schemas);
        Assert.Equal(["fmp4", "rtmp"], streams["cam2"].Schemas);
        Assert.Equal(["fmp4", "hls"], streams["slow1"].Schemas);
        Assert.Equal(["fmp4", "hls", "rtmp"], streams["cam3"].Schemas);
        Assert.All(streams.Values, x => Assert.True(x.Online));
        var hlsrec = streams["hlsrec"];
        Assert.Equal(("rtmp_push", "rtmp://__defaultVhost__/live/hlsrec", "zlm-test-01"), (hlsrec.OriginTypeStr, hlsrec.OriginUrl, hlsrec.MediaServerId));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795492274), hlsrec.CreatedAt);
        var video = hlsrec.Tracks!.Single(t => t.Type == "video");
        Assert.Equal(("H264", 320, 240), (video.Codec, video.Width, video.Height));
        Assert.Equal(8000, hlsrec.Tracks!.Single(t => t.Type == "audio").SampleRate);

        // The server restarts: everything it had is offline, kept with when and why.
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        var after = await StreamsAsync(s);
        Assert.All(after, x => Assert.Equal((false, "server restarted"), (x.Online, x.OfflineReason)));
        Assert.Empty(await StreamsAsync(s, "online=true"));
        Assert.Equal(5, (await StreamsAsync(s, "online=false&app=live&server=zlm-test-01")).Count);
    }

    [Fact]
    public async Task Unregistering_the_last_schema_marks_the_stream_offline_and_it_comes_back_on_register()
    {
        await using var s = await StorageApp.StartAsync();
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Body("on_stream_changed__002.http"))); // rtmp on
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Body("on_stream_changed__004.http"))); // rtmp off
        var entry = Assert.Single(await StreamsAsync(s));
        Assert.Equal((false, "unregistered"), (entry.Online, entry.OfflineReason));
        Assert.NotNull(entry.OfflineAt);
        var offline = (await Azurite.AdminAsync(s.Prefix, "streams", "list")).Split('\n');
        Assert.Matches(@"^SERVER\s+STREAM\s+STATUS\s+SCHEMAS\s+TRACKS\s+SINCE$", offline[0]);
        Assert.Matches(@"^zlm-test-01\s+\S+/\S+\s+offline \(unregistered\)\s+-\s+", offline[1]);

        s.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Body("on_stream_changed__002.http", b => { b["createStamp"] = 1795492274 + 300; b["hook_index"] = 500; })));
        entry = Assert.Single(await StreamsAsync(s));
        Assert.True(entry.Online);
        Assert.Null(entry.OfflineAt);
        var online = (await Azurite.AdminAsync(s.Prefix, "streams", "list", "--online", "true")).Split('\n');
        Assert.Matches($@"^zlm-test-01\s+{entry.App}/{entry.Stream}\s+online\s+rtmp\s+", online[1]);
        Assert.Contains("\"online\":true", await Azurite.AdminAsync(s.Prefix, "streams", "list", "--json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_or_retried_unregister_never_removes_a_newer_register()
    {
        await using var gate = new TcpGate(Azurite.TableEndpoint);
        await using var s = await StorageApp.StartAsync(connection: Azurite.TableOnly($"http://127.0.0.1:{gate.Port}/devstoreaccount1"));
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Body("on_stream_changed__002.http"))); // hlsrec rtmp on, instance 1

        // Case 1: the unregister's first attempt fails (storage down): MediaServer will retry it.
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        gate.State = TcpGate.Mode.Closed;
        gate.DropAll();
        var unregister = Body("on_stream_changed__004.http");
        Assert.Equal(503, await SendAsync(s, "on_stream_changed", unregister));
        gate.State = TcpGate.Mode.Open;

        // Meanwhile the stream is pushed again: a new instance registers rtmp.
        s.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Body("on_stream_changed__002.http", b => { b["createStamp"] = 1795492300; b["hook_index"] = 600; })));

        // The retry (same body, new hook_index) keeps its first arrival time, older than the register: ignored.
        s.Clock.Advance(TimeSpan.FromSeconds(10));
        unregister["hook_index"] = 601;
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", unregister));
        Assert.Equal(["rtmp"], Assert.Single(await StreamsAsync(s)).Schemas);
        // The unanswered call's Warning (logged after its answer) names its stream, as the answered ones do.
        var failed = Assert.Single(await s.App.Logs.MatchingAsync(l => l.StartsWith("Warning ZlmHooks.Hooks.HookLog", StringComparison.Ordinal) && l.Contains("(HTTP 503", StringComparison.Ordinal)));
        Assert.Contains($"Stream={unregister["stream"]} ", failed, StringComparison.Ordinal);
        Assert.Contains("Status=503", failed, StringComparison.Ordinal);

        // Case 2: the next instance registers, and the previous instance's unregister arrives on a slow
        // connection just after it (within the settle time): ignored.
        s.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Body("on_stream_changed__002.http", b => { b["createStamp"] = 1795492400; b["hook_index"] = 700; })));
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        unregister["hook_index"] = 701;
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", unregister));
        Assert.True(Assert.Single(await StreamsAsync(s)).Online);

        // After the settle time an unregister is a real one.
        s.Clock.Advance(TimeSpan.FromSeconds(10));
        unregister["hook_index"] = 800;
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", unregister));
        Assert.False(Assert.Single(await StreamsAsync(s)).Online);
    }

    [Fact]
    public async Task A_registered_schema_is_not_undone_by_a_change_first_received_before_it()
    {
        await using var s = await StorageApp.StartAsync();
        var registry = (StreamRegistry)s.App.Services.GetService(typeof(StreamRegistry))!;
        var request = StreamHooks.StreamChanged.Parse(Capture.Named("on_stream_changed__002.http").Body);
        var unregister = StreamHooks.StreamChanged.Parse(Capture.Named("on_stream_changed__004.http").Body);
        var t0 = DateTimeOffset.UtcNow;
        Assert.True(await registry.ApplyAsync(request, t0.AddSeconds(5), CancellationToken.None));
        Assert.False(await registry.ApplyAsync(unregister, t0.AddSeconds(2), CancellationToken.None)); // a retry first received at t0+2
        Assert.True((await registry.GetAsync("zlm-test-01", "__defaultVhost__", "live", "hlsrec", CancellationToken.None))!.Online);
    }

    [Fact]
    public async Task Concurrent_hooks_for_one_stream_never_lose_an_update()
    {
        await using var s = await StorageApp.StartAsync();
        string[] schemas = ["rtsp", "rtmp", "ts", "fmp4", "hls", "hls.fmp4"];
        var statuses = await Task.WhenAll(schemas.Select((schema, i) =>
            SendAsync(s, "on_stream_changed", Body("on_stream_changed__001.http", b => { b["schema"] = schema; b["hook_index"] = 1000 + i; }))));
        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal(schemas.Order(StringComparer.Ordinal), Assert.Single(await StreamsAsync(s)).Schemas);
    }

    [Fact]
    public async Task Unregister_or_keepalive_for_something_never_seen_is_tolerated()
    {
        await using var s = await StorageApp.StartAsync();
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Body("on_stream_changed__025.http")));
        Assert.False(Assert.Single(await StreamsAsync(s)).Online);
        Assert.Equal(200, await SendAsync(s, "on_server_keepalive", Body("on_server_keepalive__001.http", b => b["mediaServerId"] = "never-started")));
        Assert.Equal("online", Assert.Single(await ServersAsync(s)).Status);
    }

    [Fact]
    public async Task Server_health_follows_start_keepalives_ageing_and_exit()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:Registry:MissedKeepalives"] = "3" });
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        var server = Assert.Single(await ServersAsync(s));
        Assert.Equal(("zlm-test-01", "online", 5.0), (server.MediaServerId, server.Status, server.AliveInterval)); // hook.alive_interval=5.0 in the capture
        Assert.Matches("^[0-9a-f]{64}$", server.ConfigDigest);

        s.Clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal("online", Assert.Single(await ServersAsync(s)).Status);
        s.Clock.Advance(TimeSpan.FromSeconds(2)); // 16 s > 3 x 5 s without a keepalive
        Assert.Equal("missing", Assert.Single(await ServersAsync(s)).Status);

        Assert.Equal(200, (await s.ReplayAsync("on_server_keepalive__002.http")).Status);
        Assert.Equal("online", Assert.Single(await ServersAsync(s)).Status);

        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await s.ReplayAsync("on_server_exited__001.http")).Status);
        var exited = Assert.Single(await ServersAsync(s));
        Assert.Equal("exited", exited.Status);
        Assert.NotNull(exited.ExitedAt);

        s.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        Assert.Equal("online", Assert.Single(await ServersAsync(s)).Status);

        // The admin command answers the same: a table for a person, the API's JSON with --json.
        var json = await Azurite.AdminAsync(s.Prefix, "servers", "list", "--json");
        Assert.Contains("\"mediaServerId\":\"zlm-test-01\"", json);
        var table = (await Azurite.AdminAsync(s.Prefix, "servers", "list")).Split('\n');
        Assert.Matches(@"^SERVER\s+STATUS\s+STARTED\s+LAST KEEPALIVE\s+EXITED$", table[0]);
        Assert.Matches(@"^zlm-test-01\s+online\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+", table[1]);
        Assert.Equal(table[0].IndexOf("STATUS", StringComparison.Ordinal), table[1].IndexOf("online", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Idle_streams_are_closed_or_kept_as_the_rules_say()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "close-cams", "--action", "idle", "--app", "live", "--stream", "cam*", "--close", "true");
        await s.AdminAsync("rules", "add", "--id", "keep-cam3", "--action", "idle", "--app", "live", "--stream", "cam3", "--close", "false", "--schemas", "hls");
        var cam3Muxer = (await s.ReplayAsync("on_stream_none_reader__002.http")).Json; // live/cam3, schema muxer
        Assert.True(cam3Muxer.GetProperty("close").GetBoolean());
        var cam3Hls = await s.PostAsync("on_stream_none_reader", new { app = "live", stream = "cam3", vhost = "__defaultVhost__", schema = "hls", mediaServerId = "zlm-test-01" });
        Assert.False(cam3Hls.GetProperty("close").GetBoolean());
        var hlsrec = (await s.ReplayAsync("on_stream_none_reader__001.http")).Json; // no rule: the default
        Assert.Equal((0, false), (hlsrec.Code(), hlsrec.GetProperty("close").GetBoolean()));
        Assert.Contains(s.App.Logs.Lines, l => l.Contains("close=True by close-cams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_stream_with_a_pull_rule_is_pulled_once_however_many_players_wait()
    {
        await using var api = await FakeMediaServerApi.StartAsync();
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:Registry:MediaServers:zlm-test-01:ApiBase"] = api.Base.ToString(),
            ["ZlmHooks:Registry:MediaServers:zlm-test-01:Secret"] = FakeMediaServerApi.Secret,
        });
        await s.AdminAsync("rules", "add", "--id", "cams", "--action", "pull", "--app", "live", "--stream", "no*",
            "--source-url", "rtsp://cams.example.net:554/$app/$stream", "--pull-options", "enable_hls=1,retry_count=-1");

        var players = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            s.PostAsync("on_stream_not_found", JsonNode.Parse(Capture.Named("on_stream_not_found__001.http").Body)!.AsObject().Also(b => { b["hook_index"] = 200 + i; b["port"] = 50000 + i; }))));
        Assert.All(players, p => Assert.Equal((0, false), (p.Code(), p.GetProperty("close").GetBoolean())));
        Assert.All(players, p => Assert.Equal("pull started", p.Msg()));

        var call = Assert.Single(api.Calls);
        Assert.Equal(("__defaultVhost__", "live", "nosuch", "rtsp://cams.example.net:554/live/nosuch", "1", "-1"),
            (call["vhost"], call["app"], call["stream"], call["url"], call["enable_hls"], call["retry_count"]));
        Assert.DoesNotContain(FakeMediaServerApi.Secret, string.Join('\n', s.App.Logs.Lines));

        // No rule for this stream: the player just waits, no API call.
        var other = await s.PostAsync("on_stream_not_found", new { app = "other", stream = "x", vhost = "__defaultVhost__", schema = "rtmp", mediaServerId = "zlm-test-01" });
        Assert.Equal((0, false), (other.Code(), other.GetProperty("close").GetBoolean()));
        Assert.Single(api.Calls);
    }

    [Fact]
    public async Task A_pull_for_a_server_without_api_settings_says_so_and_lets_the_player_wait()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "cams", "--action", "pull", "--app", "live", "--stream", "*", "--source-url", "rtsp://cams/$stream");
        var reply = (await s.ReplayAsync("on_stream_not_found__001.http")).Json;
        Assert.Equal((0, false), (reply.Code(), reply.GetProperty("close").GetBoolean()));
        Assert.Contains("no REST API configured for media server 'zlm-test-01'", reply.Msg());
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
