using ZlmHooks.Tests.Support;
using ZlmHooks.Tests.Support.Media;

namespace ZlmHooks.Tests;

/// <summary>Fleet onboarding (issue 18) against a real MediaServer: configured with one hook URL,
/// on_server_started, it gets the rest of its [hook] section through its own REST API.</summary>
[Trait("Category", "MediaServer")]
[Collection(MediaServerTests.Collection)]
public sealed class MediaServerOnboardingTests
{
    private static readonly string[] Others = [.. TestCatalog.Hooks.All.Select(h => h.Name).Where(n => n != "on_server_started")];

    [Fact]
    public async Task A_server_with_only_on_server_started_gets_every_hook_with_the_key_and_the_settings()
    {
        await using var s = await MediaServerRig.StartAsync("zlm-e2e-onboard",
            ini => { foreach (var hook in Others) ini.Set("hook", hook, ""); },
            new Dictionary<string, string?> { ["ZlmHooks:Registry:ConfigureHooks"] = "true" });

        var config = (await s.Server.ApiAsync("getServerConfig")).GetProperty("data")[0];
        string Get(string key) => config.GetProperty(key).GetString()!;
        var root = s.App.App.Address.ToString().TrimEnd('/');
        foreach (var hook in TestCatalog.Hooks.All)
            Assert.Equal($"{root}/{hook.Route}?code={RunningApp.Key}", Get($"hook.{hook.Name}"));
        Assert.Equal(("1", "10", "3"), (Get("hook.enable"), Get("hook.timeoutSec"), Get("hook.retry")));
        Assert.Equal(3.0, double.Parse(Get("hook.retry_delay"), System.Globalization.CultureInfo.InvariantCulture));
        // Its own keepalive interval stays: its health is judged by the one it started with.
        Assert.Equal(2.0, double.Parse(Get("hook.alive_interval"), System.Globalization.CultureInfo.InvariantCulture));

        var said = Assert.Single(s.App.App.Logs.Lines, l => l.Contains("hook onboarding of zlm-e2e-onboard", StringComparison.Ordinal));
        // Only what differed: the 16 URLs, and retry and retry_delay (the rig's 1 and 1); enable and
        // timeoutSec were already what hook-config prints.
        Assert.Contains($"set {Others.Length + 2} hook settings through setServerConfig", said, StringComparison.Ordinal);
        Assert.DoesNotContain(s.App.App.Logs.Lines, l => l.Contains(s.Server.Secret, StringComparison.Ordinal) || l.Contains(RunningApp.Key, StringComparison.Ordinal));

        // The hooks now reach ZlmHooks: a push without a rule is refused by on_publish.
        await using (var refused = MediaClient.Publish(s.Rtmp("live/onboarded"), 5))
            await s.WaitForHookAsync("on_publish", TimeSpan.FromSeconds(20));
        Assert.Contains(s.App.App.Logs.Lines, l => l.Contains("on_publish", StringComparison.Ordinal) && l.Contains("live/onboarded", StringComparison.Ordinal) && l.Contains("deny", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_whose_hook_section_is_already_complete_gets_no_call()
    {
        await using var s = await MediaServerRig.StartAsync("zlm-e2e-onboarded",
            ini => ini.Set("hook", "retry", 3).Set("hook", "retry_delay", "3.0"),
            new Dictionary<string, string?> { ["ZlmHooks:Registry:ConfigureHooks"] = "true" });
        Assert.DoesNotContain(s.App.App.Logs.Lines, l => l.Contains("hook onboarding", StringComparison.Ordinal) || l.Contains("setServerConfig", StringComparison.Ordinal));
        Assert.Equal("3", (await s.Server.ApiAsync("getServerConfig")).GetProperty("data")[0].GetProperty("hook.retry").GetString());
    }
}
