using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>The real captures replayed against one rule set: each answer is the one the rules say.
/// The rule set is the one docs/access-rules.md walks through.</summary>
public sealed class CaptureRuleSetTests : IAsyncLifetime
{
    private StorageApp _s = null!;

    public async Task InitializeAsync()
    {
        _s = await StorageApp.StartAsync();
        string[][] setup =
        [
            ["rules", "add", "--id", "push-live", "--action", "publish", "--app", "live", "--stream", "*", "--effect", "allow", "--ip", "127.0.0.0/8",
                "--options", """{"enable_mp4":true,"mp4_max_second":8}"""],
            ["rules", "add", "--id", "no-deny1", "--action", "publish", "--app", "live", "--stream", "deny1", "--effect", "deny"],
            ["rules", "add", "--id", "no-bad", "--action", "publish", "--app", "live", "--stream", "bad*", "--effect", "deny"],
            ["rules", "add", "--id", "watch-cams", "--action", "play", "--app", "live", "--stream", "cam*", "--effect", "credential", "--credentials", "token"],
            ["rules", "add", "--id", "realm1", "--action", "play", "--app", "live", "--stream", "realm1", "--effect", "credential", "--credentials", "rtsplogin", "--realm", "zlm_test_realm"],
            ["rules", "add", "--id", "www", "--action", "http", "--path", "/", "--effect", "credential", "--credentials", "token"],
            ["tokens", "add", "--label", "player-1", "--value", "play1", "--action", "play"],
            ["tokens", "add", "--label", "player-3", "--value", "play3", "--action", "play", "--stream", "cam1"],
            ["tokens", "add", "--label", "files", "--value", "file1", "--action", "http"],
            ["rtsp-users", "add", "--realm", "zlm_test_realm", "--user", "test", "--password", "test-pass"],
            ["shell-users", "add", "--user", "admin", "--password", "pass123"],
        ];
        foreach (var args in setup) await _s.AdminAsync(args);
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Theory]
    [InlineData("on_publish__001.http", 0)]   // live/hlsrec from 127.0.0.1: push-live
    [InlineData("on_publish__002.http", -1)]  // live/deny1: no-deny1 (exact beats *)
    [InlineData("on_publish__003.http", -1)]  // live/bad1: no-bad (prefix beats *)
    [InlineData("on_publish__004.http", 0)]   // live/slow1: push-live
    [InlineData("on_play__001.http", 0)]      // cam1 token=play1
    [InlineData("on_play__002.http", 0)]      // cam1 token=play3 (scoped to cam1)
    [InlineData("on_play__003.http", -1)]     // nosuch token=x: no rule
    [InlineData("on_http_access__001.http", 0)] // /hello.txt token=file1
    [InlineData("on_shell_login__001.http", 0)] // admin / pass123
    [InlineData("on_rtsp_auth__001.http", 0)]   // test in zlm_test_realm
    public async Task Each_capture_gets_the_decision_the_rules_say(string capture, int code)
    {
        var reply = (await _s.ReplayAsync(capture)).Json;
        Assert.Equal(code, reply.Code());
        ReplyShape.AssertValid(capture.Split("__")[0], reply);
        if (capture == "on_publish__001.http")
            Assert.True(reply.GetProperty("enable_mp4").GetBoolean());
    }

    [Fact]
    public async Task Rtsp_realm_captures_get_the_realm_only_where_a_login_is_required()
    {
        Assert.Equal("", (await _s.ReplayAsync("on_rtsp_realm__001.http")).Json.GetProperty("realm").GetString());
        Assert.Equal("zlm_test_realm", (await _s.ReplayAsync("on_rtsp_realm__002.http")).Json.GetProperty("realm").GetString());
    }
}
