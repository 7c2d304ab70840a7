using ZlmHooks.Tests.Support;
using ZlmHooks.Tests.Support.Media;

namespace ZlmHooks.Tests;

/// <summary>
/// What ZlmHooks keeps about a real MediaServer's streams, recordings and health, driven by ffmpeg
/// pushes and ffprobe plays: the registry, the MP4 catalog, idle streams, on-demand pulls through the
/// real REST API, the events, and the server going away and coming back.
/// </summary>
[Trait("Category", "MediaServer")]
[Collection(MediaServerTests.Collection)]
public sealed class MediaServerStreamTests(MediaServerStreamTests.Rig rig) : IClassFixture<MediaServerStreamTests.Rig>
{
    private static readonly TimeSpan ClientLimit = MediaServerFixture.ClientLimit;
    private MediaServerRig S => rig.Server;

    public sealed class Rig : MediaServerFixture
    {
        // MP4 recording off by default (a rule turns it on per stream), 2 s files; an idle stream is
        // reported after 2 s without a reader; a player waits up to 8 s for a pulled stream; every
        // 1 s HLS segment reported (on_record_ts); an RTP server without data closed after 3 s.
        protected override Task<MediaServerRig> StartAsync() => MediaServerRig.StartAsync("zlm-e2e-streams", ini => ini
            .Set("protocol", "enable_mp4", 0).Set("protocol", "mp4_max_second", 2)
            .Set("general", "streamNoneReaderDelayMS", 2000)
            .Set("general", "maxStreamWaitMS", 8000)
            .Set("hls", "broadcastRecordTs", 1).Set("hls", "segDur", 1)
            .Set("rtp_proxy", "timeoutSec", 3));
    }

    [Fact]
    public async Task Enable_mp4_from_a_publish_rule_records_that_stream_only_and_the_catalog_lists_its_files()
    {
        await S.RuleAsync("--id", "rec-on", "--action", "publish", "--app", "live", "--stream", "rec1", "--effect", "allow", "--options", """{"enable_mp4":true,"mp4_max_second":2}""");
        await S.RuleAsync("--id", "rec-off", "--action", "publish", "--app", "live", "--stream", "norec1", "--effect", "allow");
        var started = DateTimeOffset.UtcNow;
        await using (var recorded = MediaClient.Publish(S.Rtmp("live/rec1"), 7))
        await using (var plain = MediaClient.Publish(S.Rtmp("live/norec1"), 7))
        {
            Assert.Equal(0, await recorded.WaitAsync(ClientLimit));
            Assert.Equal(0, await plain.WaitAsync(ClientLimit));
        }

        // (HLS segments of both are catalogued too, as kind "ts": see the next test.)
        var files = (await S.EventuallyAsync(() => S.RecordingsAsync("rec1"), l => l.Count(f => f.Kind == "mp4") >= 2, TimeSpan.FromSeconds(20), "two MP4 files of rec1 in the catalog"))
            .Where(f => f.Kind == "mp4").ToList();
        Assert.All(files, f =>
        {
            Assert.Equal(("mp4", S.Id, "live", "rec1"), (f.Kind, f.MediaServerId, f.App, f.Stream));
            Assert.True(f.FileSize > 1000, $"size {f.FileSize}");
            Assert.InRange(f.TimeLen ?? 0, 0.5, 10);
            Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(f.StartTime ?? 0), started.AddSeconds(-5), DateTimeOffset.UtcNow);
            Assert.EndsWith(".mp4", f.FileName, StringComparison.Ordinal);
            // The file is where the catalog says: MediaServer's own folder, under its www root.
            Assert.True(File.Exists(f.FilePath) || File.Exists(Path.Combine(S.Server.Folder, f.FilePath ?? "")), $"no file at {f.FilePath}");
        });
        Assert.Equal(files.Count, files.Select(f => f.FileName).Distinct().Count());
        Assert.DoesNotContain(await S.RecordingsAsync("norec1"), f => f.Kind == "mp4");
    }

    [Fact]
    public async Task An_idle_stream_is_closed_or_kept_as_its_idle_rule_says()
    {
        await S.RuleAsync("--id", "push-idle", "--action", "publish", "--app", "live", "--stream", "idle*", "--effect", "allow");
        await S.RuleAsync("--id", "idle-close", "--action", "idle", "--app", "live", "--stream", "idleclose", "--close", "true");
        await S.RuleAsync("--id", "idle-keep", "--action", "idle", "--app", "live", "--stream", "idlekeep", "--close", "false");
        await using var closed = MediaClient.Publish(S.Rtmp("live/idleclose"), 30);
        await using var kept = MediaClient.Publish(S.Rtmp("live/idlekeep"), 30);

        // Nobody watches either: MediaServer asks after 2 s; the closed one's pusher is cut off, the kept one goes on.
        Assert.NotEqual(-1, await closed.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(kept.HasExited, "the stream kept by its idle rule was closed: " + kept.Stderr);
        var answers = await S.App.App.Logs.MatchingAsync(l => l.Contains("on_stream_none_reader __defaultVhost__/live/idlekeep", StringComparison.Ordinal));
        Assert.NotEmpty(answers);
        var live = await S.StreamsAsync();
        Assert.Contains(live, x => x.Stream == "idlekeep" && x.Online);
    }

    [Fact]
    public async Task A_stream_nobody_publishes_is_pulled_on_demand_through_the_rest_api_and_the_player_gets_video()
    {
        await S.RuleAsync("--id", "push-src", "--action", "publish", "--app", "origin", "--stream", "src1", "--effect", "allow");
        await S.RuleAsync("--id", "watch-pulled", "--action", "play", "--app", "*", "--stream", "*", "--effect", "allow");
        await S.RuleAsync("--id", "pull-cams", "--action", "pull", "--app", "pulled", "--stream", "*",
            "--source-url", $"rtmp://127.0.0.1:{S.Server.Ports.Rtmp}/origin/$stream", "--pull-options", "enable_mp4=0,retry_count=0,auto_close=1");
        await using var source = MediaClient.Publish(S.Rtmp("origin/src1"), 40);
        await S.EventuallyAsync(S.StreamsAsync, l => l.Any(x => x.App == "origin" && x.Stream == "src1" && x.Schemas.Contains("rtmp")), TimeSpan.FromSeconds(20), "origin/src1 live");

        var (exit, codecs, error) = await MediaClient.ProbeAsync(S.Rtmp("pulled/src1"), 25);
        Assert.True(exit == 0 && codecs.Contains("video"), $"pulled/src1: exit {exit} [{string.Join(',', codecs)}] {error}");
        var pulled = Assert.Single(await S.StreamsAsync(), x => x.App == "pulled" && x.Stream == "src1");
        Assert.Equal(S.Id, pulled.MediaServerId);
        Assert.Contains("origin/src1", pulled.OriginUrl ?? "", StringComparison.Ordinal);
        // The REST API's secret went to MediaServer, never into the log.
        Assert.DoesNotContain(S.Server.Secret, string.Join('\n', S.App.App.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_for_a_push_reach_the_queue_as_cloudevents_without_any_secret()
    {
        await S.RuleAsync("--id", "push-ev", "--action", "publish", "--app", "live", "--stream", "ev1", "--effect", "allow");
        await using (var denied = MediaClient.Publish(S.Rtmp("live/evdenied?token=do-not-publish-me"), 3))
            Assert.NotEqual(0, await denied.WaitAsync(ClientLimit));
        await using (var pusher = MediaClient.Publish(S.Rtmp("live/ev1?token=do-not-publish-me"), 4))
            Assert.Equal(0, await pusher.WaitAsync(ClientLimit));

        var events = await S.EventuallyAsync(S.EventsAsync,
            l => l.Any(e => e.Contains("zlmediakit.stream.registered", StringComparison.Ordinal) && e.Contains("/live/ev1", StringComparison.Ordinal))
                 && l.Any(e => e.Contains("zlmediakit.stream.unregistered", StringComparison.Ordinal) && e.Contains("/live/ev1", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "registered and unregistered events for live/ev1");
        Assert.All(events, e =>
        {
            Assert.Contains("\"specversion\":\"1.0\"", e, StringComparison.Ordinal);
            Assert.DoesNotContain("do-not-publish-me", e, StringComparison.Ordinal);
            Assert.DoesNotContain(S.Server.Secret, e, StringComparison.Ordinal);
            Assert.DoesNotContain(RunningApp.Key, e, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Hls_segments_are_catalogued_from_on_record_ts()
    {
        await S.RuleAsync("--id", "push-hls", "--action", "publish", "--app", "live", "--stream", "hlsrec1", "--effect", "allow", "--options", """{"enable_hls":true}""");
        await using (var pusher = MediaClient.Publish(S.Rtmp("live/hlsrec1"), 5))
            Assert.Equal(0, await pusher.WaitAsync(ClientLimit));
        var segments = await S.EventuallyAsync(() => S.RecordingsAsync("hlsrec1"), l => l.Count(r => r.Kind == "ts") >= 2, TimeSpan.FromSeconds(20), "two HLS segments of hlsrec1 in the catalog");
        Assert.All(segments.Where(r => r.Kind == "ts"), r =>
        {
            Assert.Equal((S.Id, "live", "hlsrec1"), (r.MediaServerId, r.App, r.Stream));
            Assert.True(r.FileSize > 0, $"size {r.FileSize}");
        });
    }

    [Fact]
    public async Task An_rtp_server_opened_through_the_api_and_never_fed_reports_its_timeout()
    {
        var opened = await S.Server.ApiAsync("openRtpServer", ("port", "0"), ("tcp_mode", "0"), ("stream_id", "rtpidle1"));
        Assert.True(opened.GetProperty("code").GetInt32() == 0, opened.ToString());
        await S.WaitForHookAsync("on_rtp_server_timeout", TimeSpan.FromSeconds(20));
        var events = await S.EventuallyAsync(S.EventsAsync, l => l.Any(e => e.Contains("zlmediakit.rtp.servertimeout", StringComparison.Ordinal) && e.Contains("rtpidle1", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the rtp.servertimeout event");
        Assert.DoesNotContain(events, e => e.Contains(S.Server.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sending_rtp_to_a_peer_that_hangs_up_reports_on_send_rtp_stopped()
    {
        await S.RuleAsync("--id", "push-sendrtp", "--action", "publish", "--app", "live", "--stream", "sendrtp1", "--effect", "allow");
        await using var pusher = MediaClient.Publish(S.Rtmp("live/sendrtp1"), 30);
        await S.EventuallyAsync(S.StreamsAsync, l => l.Any(x => x.Stream == "sendrtp1" && x.Online), TimeSpan.FromSeconds(20), "live/sendrtp1 live");

        // The peer MediaServer sends RTP to over TCP: it takes a few packets, then hangs up.
        var peer = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        peer.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)peer.LocalEndpoint).Port;
            var accepted = peer.AcceptTcpClientAsync();
            var started = await S.Server.ApiAsync("startSendRtp", ("vhost", "__defaultVhost__"), ("app", "live"), ("stream", "sendrtp1"),
                ("ssrc", "4321"), ("dst_url", "127.0.0.1"), ("dst_port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("is_udp", "0"));
            Assert.True(started.GetProperty("code").GetInt32() == 0, started.ToString());
            using (var client = await accepted.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                var received = await client.GetStream().ReadAsync(new byte[4096]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                Assert.True(received > 0);
            }
            await S.WaitForHookAsync("on_send_rtp_stopped", TimeSpan.FromSeconds(20));
            await S.EventuallyAsync(S.EventsAsync, l => l.Any(e => e.Contains("zlmediakit.rtp.sendstopped", StringComparison.Ordinal) && e.Contains("/live/sendrtp1", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10), "the rtp.sendstopped event");
        }
        finally
        {
            peer.Stop();
        }
    }
}
