using System.Diagnostics;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Caching, the grace period and what happens when Table Storage is slow or gone: a real
/// Azurite behind a loopback relay the test can close.</summary>
public sealed class RuleStoreOutageTests
{
    private static readonly Uri AzuriteTables = Azurite.TableEndpoint;

    [Fact]
    public async Task Rules_and_their_absence_are_cached_for_the_configured_time()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "10" });
        Assert.Equal(-1, (await s.ReplayAsync("on_play__001.http")).Json.Code()); // "no rule" is cached too

        await s.AdminAsync("rules", "add", "--id", "cam1", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow");
        Assert.Equal(-1, (await s.ReplayAsync("on_play__001.http")).Json.Code());
        s.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());

        await s.AdminAsync("rules", "remove", "--id", "cam1");
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());
        s.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(-1, (await s.ReplayAsync("on_play__001.http")).Json.Code());
    }

    [Fact]
    public async Task When_the_store_fails_a_recent_rule_still_decides_within_the_grace_then_it_is_denied()
    {
        await using var gate = new TcpGate(AzuriteTables);
        var connection = Azurite.TableOnly($"http://127.0.0.1:{gate.Port}/devstoreaccount1");
        var prefix = Azurite.NewPrefix();
        await Azurite.AdminAsync(prefix, "rules", "add", "--id", "cam1", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow");
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:AccessRules:CacheSeconds"] = "5",
            ["ZlmHooks:AccessRules:GraceSeconds"] = "60",
            // Room for the first read of a cold process; the closed gate below fails at once anyway.
            ["ZlmHooks:AccessRules:BudgetMilliseconds"] = "3000",
        }, connection, prefix);

        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());

        gate.State = TcpGate.Mode.Closed;
        gate.DropAll();
        s.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code()); // stale, inside the grace
        Assert.Equal(0, (await s.ReplayAsync("on_play__002.http")).Json.Code()); // same stream, same cached rows
        var neverRead = (await s.ReplayAsync("on_publish__001.http")).Json; // nothing cached to fall back on
        Assert.Equal(-1, neverRead.Code());
        Assert.Contains("unavailable", neverRead.Msg());

        s.Clock.Advance(TimeSpan.FromSeconds(31));
        var denied = (await s.ReplayAsync("on_play__001.http")).Json;
        Assert.Equal(-1, denied.Code());
        Assert.Contains("rule store is unavailable", denied.Msg());
        Assert.Contains(s.App.Logs.Lines, l => l.Contains("rule store unavailable", StringComparison.Ordinal));

        gate.State = TcpGate.Mode.Open;
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());
    }

    [Theory]
    [InlineData(TcpGate.Mode.Hanging)]
    [InlineData(TcpGate.Mode.Closed)]
    public async Task With_nothing_cached_a_dead_or_hung_store_is_a_denial_within_the_budget(TcpGate.Mode mode)
    {
        await using var gate = new TcpGate(AzuriteTables) { State = mode };
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:BudgetMilliseconds"] = "400" },
            Azurite.TableOnly($"http://127.0.0.1:{gate.Port}/devstoreaccount1"));
        foreach (var capture in new[] { "on_play__001.http", "on_publish__001.http" })
        {
            var watch = Stopwatch.StartNew();
            var response = await s.ReplayAsync(capture);
            watch.Stop();
            Assert.Equal(200, response.Status);
            Assert.Equal(-1, response.Json.Code());
            Assert.Contains("unavailable", response.Json.Msg());
            // Behaviour, not speed: the answer comes from the budget (400 ms), far from hook.timeoutSec (10 s).
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"answered after {watch.Elapsed}");
        }

        // A realm cannot be decided either: a non-200 answer, which MediaServer treats as a failed login.
        var realm = await s.ReplayAsync("on_rtsp_realm__002.http");
        Assert.NotEqual(200, realm.Status);
        Assert.Equal(-1, (await s.ReplayAsync("on_rtsp_auth__001.http")).Json.Code());
        Assert.Equal(-1, (await s.ReplayAsync("on_shell_login__001.http")).Json.Code());
        Assert.Equal(-1, (await s.ReplayAsync("on_http_access__001.http")).Json.Code());
    }

    [Fact]
    public async Task Every_decision_is_audited_with_rule_and_reason_but_no_secret()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "cams", "--action", "play", "--app", "live", "--stream", "cam*", "--effect", "credential", "--credentials", "token");
        await s.AdminAsync("tokens", "add", "--label", "player-one", "--value", "play1");
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());
        // One line per call carries the decision: hook, stream, client, outcome, rule and why.
        var line = Assert.Single(await s.App.Logs.MatchingAsync(l => l.Contains("Hook=on_play", StringComparison.Ordinal)));
        foreach (var expected in new[] { "Vhost=__defaultVhost__", "App=live", "Stream=cam1", "ClientIp=127.0.0.1", "Outcome=allow", "RuleId=cams", "player-one" })
            Assert.Contains(expected, line);
        Assert.DoesNotContain("play1\"", line);
        Assert.DoesNotContain("token=play1", string.Join('\n', s.App.Logs.Lines));
    }
}
