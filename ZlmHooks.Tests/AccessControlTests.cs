using ZlmHooks.Cli;
using System.Text.Json;
using Azure.Data.Tables;
using ZlmHooks.AccessRules;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Publish and play decided by rules in Table Storage (real Azurite), over real HTTP.</summary>
public sealed class AccessControlTests
{
    [Fact]
    public async Task Publish_allowed_by_a_rule_answers_its_protocol_options_and_leaves_out_the_rest()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "rec", "--action", "publish", "--app", "live", "--stream", "hlsrec", "--effect", "allow",
            "--options", """{"enable_mp4":true,"mp4_max_second":600,"enable_hls":false,"mp4_save_path":"/data/rec","stream_replace":"x","modify_stamp":2}""");

        var reply = (await s.ReplayAsync("on_publish__001.http")).Json;
        Assert.Equal(0, reply.Code());
        var keys = reply.EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["code", "enable_hls", "enable_mp4", "modify_stamp", "mp4_max_second", "mp4_save_path", "msg", "stream_replace"], keys);
        Assert.Equal(JsonValueKind.True, reply.GetProperty("enable_mp4").ValueKind);
        Assert.Equal(JsonValueKind.False, reply.GetProperty("enable_hls").ValueKind);
        Assert.Equal(600, reply.GetProperty("mp4_max_second").GetInt32());
        Assert.Equal("/data/rec", reply.GetProperty("mp4_save_path").GetString());

        var denied = (await s.ReplayAsync("on_publish__002.http")).Json; // live/deny1, no rule
        Assert.Equal(-1, denied.Code());
        Assert.Contains("no rule allows this publish", denied.Msg());
        Assert.DoesNotContain("enable_mp4", denied.Text());
    }

    [Fact]
    public async Task Most_specific_rule_wins_across_rows_and_vhosts()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "all-live", "--action", "play", "--vhost", "*", "--app", "live", "--stream", "*", "--effect", "allow");
        await s.AdminAsync("rules", "add", "--id", "no-cams", "--action", "play", "--vhost", "__defaultVhost__", "--app", "live", "--stream", "cam*", "--effect", "deny");
        await s.AdminAsync("rules", "add", "--id", "cam7-ok", "--action", "play", "--vhost", "*", "--app", "live", "--stream", "cam7", "--effect", "allow");
        await s.AdminAsync("rules", "add", "--id", "cam7-off", "--action", "play", "--app", "live", "--stream", "cam7", "--effect", "deny", "--not-after", "2000-01-01T00:00:00Z");

        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("lobby"))).Code());
        var cam1 = await s.PostAsync("on_play", StorageApp.Play("cam1"));
        Assert.Equal(-1, cam1.Code());
        Assert.Contains("'no-cams'", cam1.Msg());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam7"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("lobby", app: "other"))).Code());
    }

    [Fact]
    public async Task Play_over_hls_only_admits_hls_and_refuses_rtmp()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "hls-only", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow", "--schemas", "hls,hls.fmp4");
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", schema: "hls", protocol: "http"))).Code());
        Assert.Equal(-1, (await s.ReplayAsync("on_play__001.http")).Json.Code()); // rtmp
    }

    [Fact]
    public async Task Client_ip_ranges_in_v4_and_v6_decide_over_http()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "lan", "--action", "play", "--app", "live", "--stream", "*", "--effect", "allow", "--ip", "10.0.0.0/8,2001:db8::/32");
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("x", ip: "10.9.8.7"))).Code());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("x", ip: "2001:db8::42"))).Code());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("x", ip: "::ffff:10.0.0.1"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("x", ip: "192.0.2.1"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("x", ip: "2001:db9::1"))).Code());
    }

    [Fact]
    public async Task Validity_window_opens_and_closes_with_the_clock()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "0" });
        var start = s.Clock.GetUtcNow().AddHours(1);
        await s.AdminAsync("rules", "add", "--id", "event", "--action", "play", "--app", "live", "--stream", "show", "--effect", "allow",
            "--not-before", start.ToString("O"), "--not-after", start.AddHours(2).ToString("O"));
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("show"))).Code());
        s.Clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("show"))).Code());
        s.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("show"))).Code());
    }

    [Fact]
    public async Task A_rule_limited_to_one_media_server_applies_only_there()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "edge", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow", "--server", "zlm-test-01");
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());
        await s.AdminAsync("rules", "add", "--id", "edge", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow", "--server", "zlm-other");
        s.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(-1, (await s.ReplayAsync("on_play__001.http")).Json.Code());
    }

    [Fact]
    public async Task No_rule_is_deny_by_default_and_configurable_per_action()
    {
        await using var closed = await StorageApp.StartAsync();
        Assert.Equal(-1, (await closed.ReplayAsync("on_play__001.http")).Json.Code());

        await using var open = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:NoRule:Play"] = "Allow" });
        Assert.Equal(0, (await open.ReplayAsync("on_play__001.http")).Json.Code());
        Assert.Equal(-1, (await open.ReplayAsync("on_publish__001.http")).Json.Code());
        await open.AdminAsync("rules", "add", "--id", "block", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "deny");
        open.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(-1, (await open.ReplayAsync("on_play__001.http")).Json.Code());
    }

    [Fact]
    public async Task A_decision_is_four_point_reads_then_none_while_cached_whatever_the_table_size()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "30" });
        await s.AdminAsync("rules", "add", "--id", "cam1", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow");
        await s.AdminAsync("rules", "add", "--id", "pattern", "--action", "play", "--app", "live", "--stream", "cam*", "--effect", "deny");
        // Many unrelated rules in the same partition and in the pattern row: still four reads.
        var table = new TableClient(Azurite.Connection, s.Prefix + RuleStore.StreamTable);
        var batch = Enumerable.Range(0, 90).Select(i =>
        {
            var rule = new AccessRule { Id = $"f{i}", Action = RuleActions.Play, App = "live", Stream = $"other{i}", Effect = RuleEffect.Allow };
            var row = new TableEntity(RuleStore.Partition("play", "*"), $"live|other{i}")
            {
                ["Rules0"] = JsonSerializer.Serialize(new[] { rule }, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }),
            };
            return new TableTransactionAction(TableTransactionActionType.Add, row);
        }).ToList();
        await table.SubmitTransactionAsync(batch);
        await s.AdminAsync("rules", "add", "--id", "prefix-filler", "--action", "play", "--app", "li*", "--stream", "*", "--effect", "deny");

        s.Requests.Reset();
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());
        Assert.Equal(4, s.Requests.All);
        Assert.Equal(4, s.Requests.Reads);

        s.Requests.Reset();
        for (var i = 0; i < 5; i++) Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());
        Assert.Equal(0, s.Requests.All);

        s.Clock.Advance(TimeSpan.FromSeconds(31));
        s.Requests.Reset();
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());
        Assert.Equal(4, s.Requests.Reads);
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("other7"))).Code());
    }

    [Fact]
    public async Task Rules_are_listed_and_removed_by_the_admin_command_and_stream_ids_may_be_any_utf8()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "0" });
        await s.AdminAsync("rules", "add", "--id", "zh", "--action", "play", "--app", "直播", "--stream", "大厅/东#1?", "--effect", "allow", "--label", "lobby camera");
        var table = (await s.AdminAsync("rules", "list")).Split('\n');
        Assert.Matches(@"^ID\s+ACTION\s+MATCH\s+EFFECT\s+CONDITIONS\s+LABEL$", table[0]);
        Assert.Matches(@"^zh\s+play\s+\*/直播/大厅/东#1\?\s+allow\s+-\s+lobby camera$", table[1]);
        var listed = await s.AdminAsync("rules", "list", "--json");
        Assert.Contains("\"id\":\"zh\"", listed);
        Assert.Contains("lobby camera", listed);
        // A condition not given is not stored (not even as an empty list).
        Assert.DoesNotContain("\"schemas\"", listed);
        Assert.DoesNotContain("\"ipRanges\"", listed);
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("大厅/东#1?", app: "直播"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("大厅/东#1", app: "直播"))).Code());

        Assert.Equal("removed rule 'zh'", await s.AdminAsync("rules", "remove", "--id", "zh"));
        Assert.Equal("no rules", await s.AdminAsync("rules", "list"));
        Assert.Equal("", await s.AdminAsync("rules", "list", "--json"));
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("大厅/东#1?", app: "直播"))).Code());
    }

    [Fact]
    public async Task Admin_refuses_a_rule_that_could_never_match_as_intended()
    {
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync(["rules", "add", "--id", "bad", "--action", "play", "--stream", "cam*1", "--effect", "allow"], output, Azurite.Settings(Azurite.NewPrefix()));
        Assert.Equal(1, code);
        Assert.Contains("'*' is allowed only at the end", output.ToString());
    }
}
