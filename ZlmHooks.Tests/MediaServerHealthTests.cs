using ZlmHooks.Tests.Support.Media;

namespace ZlmHooks.Tests;

/// <summary>A real MediaServer's health as ZlmHooks reports it: online while its keepalives come,
/// missing once it is killed, online again after a restart, exited after a clean stop; its streams
/// offline with it. A MediaServer of its own: this class stops and kills it.</summary>
[Trait("Category", "MediaServer")]
[Collection(MediaServerTests.Collection)]
public sealed class MediaServerHealthTests
{
    [Fact]
    public async Task A_server_is_online_missing_after_a_kill_online_after_a_restart_and_exited_after_a_clean_stop()
    {
        // Keepalives every 2 s (hook-config --alive-interval 2); missing after 3 missed ones.
        await using var s = await MediaServerRig.StartAsync("zlm-e2e-health");
        await s.RuleAsync("--id", "push-health", "--action", "publish", "--app", "live", "--stream", "hcam", "--effect", "allow");
        await s.WaitForHookAsync("on_server_keepalive", TimeSpan.FromSeconds(10));
        Assert.Equal("online", Assert.Single(await s.ServersAsync(), x => x.MediaServerId == s.Id).Status);

        await using (var pusher = MediaClient.Publish(s.Rtmp("live/hcam"), 60))
        {
            await s.EventuallyAsync(s.StreamsAsync, l => l.Any(x => x.Stream == "hcam" && x.Online), TimeSpan.FromSeconds(20), "live/hcam online");
            await s.Server.KillAsync();
            // Killed: no on_server_exited, no stream changes; the missed keepalives say it.
            var missing = await s.EventuallyAsync(s.ServersAsync, l => l.Any(x => x.MediaServerId == s.Id && x.Status == "missing"), TimeSpan.FromSeconds(20), "the killed server missing");
            Assert.Null(missing.Single(x => x.MediaServerId == s.Id).ExitedAt);
            Assert.DoesNotContain(await s.StreamsAsync(), x => x.Stream == "hcam" && x.Online);
        }

        await s.RestartAsync();
        await s.EventuallyAsync(s.ServersAsync, l => l.Any(x => x.MediaServerId == s.Id && x.Status == "online"), TimeSpan.FromSeconds(15), "the restarted server online");
        // The old stream stays offline: it belonged to the server's previous run.
        Assert.DoesNotContain(await s.StreamsAsync(), x => x.Stream == "hcam" && x.Online);

        await s.Server.StopAsync();
        await s.WaitForHookAsync("on_server_exited", TimeSpan.FromSeconds(15));
        var exited = Assert.Single(await s.ServersAsync(), x => x.MediaServerId == s.Id);
        Assert.Equal("exited", exited.Status);
        Assert.NotNull(exited.ExitedAt);
    }
}
