using ZlmHooks.Tests.Support.Media;

namespace ZlmHooks.Tests;

/// <summary>
/// Issue 30: a real MediaServer whose every [hook] URL points at the isolated worker (ZlmHooks.Functions
/// under the test Functions host, over gRPC, as Azure runs it): publishes refused and admitted, a play
/// with a token, a recording catalogued, the server and stream registry, and the events. The standalone
/// handler runs beside it only for the operator's reads of the same storage.
/// </summary>
[Trait("Category", "MediaServer")]
[Collection(MediaServerTests.Collection)]
public sealed class MediaServerWorkerTests(MediaServerWorkerTests.Rig rig) : IClassFixture<MediaServerWorkerTests.Rig>
{
    private static readonly TimeSpan ClientLimit = MediaServerFixture.ClientLimit;
    private MediaServerRig S => rig.Server;

    public sealed class Rig : MediaServerFixture
    {
        protected override Task<MediaServerRig> StartAsync() => MediaServerRig.StartAsync("zlm-e2e-worker", ini => ini
            .Set("protocol", "enable_mp4", 0).Set("protocol", "mp4_max_second", 2)
            .Set("general", "streamNoneReaderDelayMS", 60_000), worker: true);
    }

    [Fact]
    public async Task MediaServer_driven_through_the_worker_admits_refuses_records_registers_and_publishes_events()
    {
        Assert.NotNull(S.Worker);
        // on_server_started reached the worker, and the server is registered.
        var servers = await S.EventuallyAsync(S.ServersAsync, l => l.Any(x => x.MediaServerId == S.Id), TimeSpan.FromSeconds(20), "the server in /api/servers");
        Assert.Contains(servers, x => x.MediaServerId == S.Id);

        await S.RuleAsync("--id", "w-push", "--action", "publish", "--app", "live", "--stream", "w*", "--effect", "allow", "--options", """{"enable_mp4":true,"mp4_max_second":2}""");
        await S.RuleAsync("--id", "w-watch", "--action", "play", "--app", "live", "--stream", "w*", "--effect", "credential", "--credentials", "token");
        var token = (await S.App.AdminAsync("tokens", "add", "--label", "w-viewer", "--action", "play")).Trim();

        await using (var refused = MediaClient.Publish(S.Rtmp("live/nope-worker"), 3))
            Assert.NotEqual(0, await refused.WaitAsync(ClientLimit));

        var started = DateTimeOffset.UtcNow;
        await using (var pusher = MediaClient.Publish(S.Rtmp("live/wrec"), 9))
        {
            var live = await S.EventuallyAsync(S.StreamsAsync, l => l.Any(x => x.Stream == "wrec" && x.Online && x.Schemas.Contains("rtmp")), TimeSpan.FromSeconds(20), "wrec in /api/streams");
            Assert.DoesNotContain(live, x => x.Stream == "nope-worker");
            await MediaClient.AssertPlaysAsync(S.Rtmp($"live/wrec?token={token}"), true);
            await MediaClient.AssertPlaysAsync(S.Rtmp("live/wrec?token=not-a-token"), false);
            await MediaClient.AssertPlaysAsync(S.Rtmp("live/wrec"), false);
            Assert.Equal(0, await pusher.WaitAsync(ClientLimit));
        }

        // The MP4 files the publish rule turned on, catalogued by the worker.
        var files = (await S.EventuallyAsync(() => S.RecordingsAsync("wrec"), l => l.Count(f => f.Kind == "mp4") >= 2, TimeSpan.FromSeconds(20), "two MP4 files of wrec"))
            .Where(f => f.Kind == "mp4").ToList();
        Assert.All(files, f =>
        {
            Assert.Equal((S.Id, "live", "wrec"), (f.MediaServerId, f.App, f.Stream));
            Assert.True(f.FileSize > 1000, $"size {f.FileSize}");
            Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(f.StartTime ?? 0), started.AddSeconds(-5), DateTimeOffset.UtcNow);
        });

        // The stream's events, from the worker, as CloudEvents without a secret.
        var events = await S.EventuallyAsync(S.EventsAsync,
            l => l.Any(e => e.Contains("zlmediakit.stream.registered", StringComparison.Ordinal) && e.Contains("/live/wrec", StringComparison.Ordinal))
                 && l.Any(e => e.Contains("zlmediakit.stream.unregistered", StringComparison.Ordinal) && e.Contains("/live/wrec", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "registered and unregistered events for live/wrec");
        Assert.All(events, e => Assert.DoesNotContain(token, e, StringComparison.Ordinal));

        // Every one of those hook calls went through the worker's functions, not the standalone handler.
        var invoked = S.Worker!.Invocations.Select(i => i.FunctionName).ToHashSet();
        foreach (var hook in new[] { "on_server_started", "on_publish", "on_play", "on_stream_changed", "on_record_mp4" })
            Assert.Contains(hook, invoked);
        Assert.DoesNotContain(S.App.App.Logs.Lines, l => l.Contains("on_publish ", StringComparison.Ordinal));
    }
}
