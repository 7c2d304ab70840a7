using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>The activity feed (<c>GET /api/activity</c>, the console's Activity view) over Kestrel on
/// real Azurite: what it keeps, what it never keeps, newest first, and the days it drops.</summary>
public sealed class ActivityTests
{
    private static async Task<List<JsonElement>> ListAsync(StorageApp s, string query = "", int atLeast = 1)
    {
        using var admin = s.App.AdminClient();
        // Written in the background, a batch at a time: poll until the entries are there.
        for (var i = 0; ; i++)
        {
            using var response = await admin.GetAsync("/api/activity" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var entries = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").EnumerateArray().Select(e => e.Clone()).ToList();
            if (entries.Count >= atLeast || i == 100) return entries;
            await Task.Delay(100);
        }
    }

    private static string? Get(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    [Fact]
    public async Task Refusals_publishes_and_stream_changes_are_kept_with_who_and_why_but_not_allowed_plays_keepalives_or_tokens()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "0" });
        await s.AdminAsync("rules", "add", "--id", "viewers", "--action", "play", "--app", "live", "--effect", "credential", "--credentials", "token");
        await s.AdminAsync("rules", "add", "--id", "pushers", "--action", "publish", "--app", "live", "--effect", "allow");
        var token = (await s.AdminAsync("tokens", "add", "--label", "lobby", "--action", "play")).Trim().Split('\n')[0].Trim();

        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", "token=" + token, ip: "192.0.2.10"))).Code());
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam1", "token=very-secret-guess", ip: "198.51.100.7"))).Code());
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await s.ReplayAsync("on_publish__001.http")).Json.Code());
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await s.ReplayAsync("on_server_keepalive__001.http")).Status);
        Assert.Equal(200, (await s.ReplayAsync("on_stream_changed__022.http")).Status);

        var entries = await ListAsync(s, atLeast: 3);
        Assert.Equal(["on_stream_changed", "on_publish", "on_play"], entries.Select(e => Get(e, "hook")));   // newest first
        var refused = entries[2];
        Assert.Equal("refused", Get(refused, "outcome"));
        Assert.Equal("198.51.100.7", Get(refused, "client"));
        Assert.Equal("viewers", Get(refused, "rule"));
        Assert.Equal("live", Get(refused, "app"));
        Assert.Equal("cam1", Get(refused, "stream"));
        Assert.Equal("zlm-test-01", Get(refused, "mediaServerId"));
        Assert.False(string.IsNullOrEmpty(Get(refused, "reason")));
        Assert.Equal("allowed", Get(entries[1], "outcome"));
        Assert.Equal("pushers", Get(entries[1], "rule"));
        Assert.Equal("event", Get(entries[0], "outcome"));
        Assert.Equal("registered", Get(entries[0], "reason"));
        Assert.Equal("rtmp", Get(entries[0], "schema"));

        // Never the token tried, nor the one that worked: not in the answer, not in the table.
        var table = new TableServiceClient(Azurite.Connection).GetTableClient(s.Prefix + "activity");
        var stored = string.Join('\n', table.Query<TableEntity>().Select(r => string.Join(';', r.Select(kv => kv.Value?.ToString()))));
        foreach (var secret in new[] { "very-secret-guess", token })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, string.Join('\n', entries.Select(e => e.GetRawText())), StringComparison.Ordinal);
        }

        // Filters: refusals only, by stream.
        Assert.Equal(["on_play"], (await ListAsync(s, "?refusals=true")).Select(e => Get(e, "hook")));
        Assert.Equal(["on_stream_changed"], (await ListAsync(s, "?stream=cam3")).Select(e => Get(e, "hook")));
        Assert.Single(await ListAsync(s, "?limit=1"));

        using var admin = s.App.AdminClient();
        foreach (var bad in new[] { "?limit=0", "?limit=501", "?limit=x", "?refusals=maybe" })
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/activity" + bad)).StatusCode);
        using var hookKeyed = s.App.Client();
        hookKeyed.DefaultRequestHeaders.Add("x-functions-key", RunningApp.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hookKeyed.GetAsync("/api/activity")).StatusCode);
    }

    [Fact]
    public async Task Days_past_the_retention_are_removed_and_a_switched_off_feed_keeps_nothing()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:Activity:RetentionDays"] = "2" });
        s.Clock.Advance(TimeSpan.FromDays(-5));
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("old1"))).Code());
        var table = new TableServiceClient(Azurite.Connection).GetTableClient(s.Prefix + "activity");
        for (var i = 0; i < 100 && !table.Query<TableEntity>().Any(); i++) await Task.Delay(100);
        var oldDay = Assert.Single(table.Query<TableEntity>()).PartitionKey;

        // Five days on, the next write prunes the day that is past two days; the list reads within them.
        s.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("new1"))).Code());
        for (var i = 0; i < 100 && table.Query<TableEntity>(e => e.PartitionKey == oldDay).Any(); i++) await Task.Delay(100);
        Assert.Empty(table.Query<TableEntity>(e => e.PartitionKey == oldDay));
        Assert.Equal(["new1"], (await ListAsync(s)).Select(e => Get(e, "stream")));

        await using var off = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:Activity:Enabled"] = "false" });
        Assert.Equal(-1, (await off.PostAsync("on_play", StorageApp.Play("cam1"))).Code());
        await Task.Delay(500);
        Assert.Empty(await ListAsync(off, atLeast: 0));
    }
}
