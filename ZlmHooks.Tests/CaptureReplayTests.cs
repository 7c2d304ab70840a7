using System.Text.Json;
using ZlmHooks.Hooks;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Every request a real MediaServer sent, replayed byte for byte over real HTTP.</summary>
public sealed class CaptureReplayTests : IAsyncLifetime
{
    private RunningApp _deny = null!;
    private RunningApp _allow = null!;

    public async Task InitializeAsync()
    {
        _deny = await RunningApp.StartAsync();
        _allow = await RunningApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:DevelopmentMode"] = "true",
            ["ZlmHooks:AuthDefault"] = "Allow",
        });
    }

    public async Task DisposeAsync()
    {
        await _deny.DisposeAsync();
        await _allow.DisposeAsync();
    }

    public static TheoryData<string> Captures() => Capture.Names();

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Every_capture_is_answered_200_with_the_reply_shape_of_its_hook(string file)
    {
        var capture = Capture.Named(file);
        var hook = TestCatalog.Hooks.Find(capture.Hook);
        Assert.NotNull(hook);

        foreach (var app in new[] { _deny, _allow })
        {
            var response = await app.ReplayAsync(capture);
            Assert.Equal(200, response.Status);
            Assert.StartsWith("application/json", response.Headers["Content-Type"]);
            ReplyShape.AssertValid(capture.Hook, response.Json);

            var code = response.Json.GetProperty("code").GetInt32();
            if (hook.Kind == HookKind.Notification)
                Assert.Equal(0, code);
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Auth_hooks_deny_by_default_and_allow_only_in_development_mode(string file)
    {
        var capture = Capture.Named(file);
        if (TestCatalog.Hooks.Find(capture.Hook)!.Kind != HookKind.Auth) return;

        var denied = (await _deny.ReplayAsync(capture)).Json;
        Assert.NotEqual(0, denied.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(denied.GetProperty("msg").GetString()));

        var allowed = (await _allow.ReplayAsync(capture)).Json;
        // on_rtsp_auth has no password to give without a user store, so it never allows by default.
        Assert.Equal(capture.Hook == "on_rtsp_auth" ? -1 : 0, allowed.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Policy_hooks_answer_zlmediakits_own_defaults()
    {
        var realm = (await _deny.ReplayAsync(Capture.Of("on_rtsp_realm").First())).Json;
        Assert.Equal("", realm.GetProperty("realm").GetString());

        var idle = (await _deny.ReplayAsync(Capture.Of("on_stream_none_reader").First())).Json;
        Assert.False(idle.GetProperty("close").GetBoolean());

        var missing = (await _deny.ReplayAsync(Capture.Of("on_stream_not_found").First())).Json;
        Assert.False(missing.GetProperty("close").GetBoolean());
        Assert.Equal(0, missing.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Every_hook_in_the_catalog_has_at_least_one_real_capture()
    {
        await Task.CompletedTask;
        var captured = Capture.All.Select(c => c.Hook).ToHashSet();
        Assert.All(TestCatalog.Hooks.All, hook => Assert.Contains(hook.Name, captured));
        Assert.All(captured, name => Assert.NotNull(TestCatalog.Hooks.Find(name)));
    }

    [Fact]
    public async Task Each_call_logs_one_structured_line_without_params_or_keys()
    {
        var capture = Capture.Named("on_play__001.http");
        await _deny.ReplayAsync(capture);
        var line = Assert.Single(await _deny.Logs.MatchingAsync(l => l.Contains("Hook=on_play", StringComparison.Ordinal) && l.Contains("Stream=cam1", StringComparison.Ordinal)));
        Assert.Contains("Vhost=__defaultVhost__", line);
        Assert.Contains("App=live", line);
        Assert.Contains("Outcome=deny", line);
        Assert.Contains("ElapsedMs=", line);
        Assert.DoesNotContain("token=play1", line);
        Assert.DoesNotContain(RunningApp.Key, string.Join('\n', _deny.Logs.Lines));
    }

    [Fact]
    public async Task The_function_key_stays_out_of_the_log_even_at_trace_level()
    {
        await using var verbose = await RunningApp.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });
        await verbose.ReplayAsync(Capture.Named("on_play__001.http"));
        await verbose.ReplayAsync(Capture.Named("on_publish__001.http"), key: "a-wrong-key");
        Assert.NotEmpty(await verbose.Logs.MatchingAsync(l => l.Contains("Hook=on_play", StringComparison.Ordinal)));
        var all = string.Join('\n', verbose.Logs.Lines);
        Assert.DoesNotContain(RunningApp.Key, all);
        Assert.DoesNotContain("a-wrong-key", all);
        Assert.DoesNotContain("token=play1", all);
    }

    [Fact]
    public async Task Shell_login_password_never_reaches_a_log()
    {
        await _deny.ReplayAsync(Capture.Named("on_shell_login__001.http"));
        await _allow.ReplayAsync(Capture.Named("on_shell_login__001.http"));
        Assert.DoesNotContain("pass123", string.Join('\n', _deny.Logs.Lines.Concat(_allow.Logs.Lines)));
        Assert.NotEmpty(await _deny.Logs.MatchingAsync(l => l.Contains("Hook=on_shell_login", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_reply_is_plain_json_booleans_and_numbers_never_strings()
    {
        var reply = (await _deny.ReplayAsync(Capture.Of("on_stream_none_reader").First())).Body;
        using var document = JsonDocument.Parse(reply);
        Assert.Equal(JsonValueKind.False, document.RootElement.GetProperty("close").ValueKind);
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("code").ValueKind);
    }
}
