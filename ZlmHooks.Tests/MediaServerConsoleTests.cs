using OpenQA.Selenium;
using ZlmHooks.Tests.Support;
using ZlmHooks.Tests.Support.Media;

namespace ZlmHooks.Tests;

/// <summary>
/// The console against a real MediaServer with a real push: the stream shows up in Live streams, its
/// preview plays in headless Chromium from MediaServer's HTTP fMP4 (<c>.live.mp4</c>) with a URL the
/// console signed, and the RTSP URL it offers to copy plays in ffprobe. The play rule takes signed URLs
/// only, so each play is MediaServer asking our on_play, and allowed because of the signature. A
/// player on the copied RTMP URL shows in the readers column (the server's getMediaList), and a
/// recording of the push plays in the Recordings view through a signed file URL (on_http_access).
/// </summary>
[Trait("Category", "MediaServer")]
[Collection(MediaServerTests.Collection)]
public sealed class MediaServerConsoleTests(MediaServerConsoleTests.Rig rig) : IClassFixture<MediaServerConsoleTests.Rig>
{
    private MediaServerRig S => rig.Server;

    public sealed class Rig : MediaServerFixture
    {
        protected override Task<MediaServerRig> StartAsync() => MediaServerRig.StartAsync("zlm-e2e-console", settings: new Dictionary<string, string?>
        {
            ["ZlmHooks:AccessRules:SigningKeys:default"] = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray()),
        });
    }

    [Fact]
    public async Task A_live_push_previews_in_the_page_and_its_copied_rtsp_url_plays()
    {
        // Recorded in 2 s MP4 files, which MediaServer serves only with a signed URL (its on_http_access).
        await S.RuleAsync("--id", "push", "--action", "publish", "--app", "live", "--stream", "show*", "--effect", "allow", "--options", """{"enable_mp4":true,"mp4_max_second":2}""");
        await S.RuleAsync("--id", "files", "--action", "http", "--path", "/record/", "--effect", "credential", "--credentials", "signedurl");
        await S.RuleAsync("--id", "paid", "--action", "play", "--app", "live", "--stream", "show*", "--effect", "credential", "--credentials", "signedurl");
        await using var push = MediaClient.Publish(S.Rtmp("live/show1"), 60);
        await S.EventuallyAsync(S.StreamsAsync, l => l.Any(x => x.Stream == "show1" && x.Online && x.Schemas.Contains("fmp4")), TimeSpan.FromSeconds(20), "live/show1 online with fmp4");

        using var b = new Browser();
        b.SignIn(S.App.App.Address, RunningApp.AdminKey);
        b.WaitUntil(() => b.Has($"#servers-table tr[data-server='{S.Id}']"), "the server in the Servers view");
        Assert.Contains("● online", b.Wait($"#servers-table tr[data-server='{S.Id}']").Text, StringComparison.Ordinal);
        b.Show("streams", "Live streams");
        var row = b.Wait($"#streams-table tr[data-stream='{S.Id}/live/show1']");
        Assert.Matches(@"H264 320×240 25 fps", row.Text);
        row.FindElement(By.CssSelector("button.preview")).Click();

        var preview = b.Wait("#preview-video").GetAttribute("src")!;
        Assert.StartsWith(S.Http("live/show1.live.mp4?"), preview, StringComparison.Ordinal);
        Assert.Contains("sign=", preview, StringComparison.Ordinal);
        // Playing: frames decoded and time moving, from MediaServer, admitted by our on_play.
        b.WaitUntil(() => Convert.ToDouble(b.Script("const v = document.getElementById('preview-video'); return v && v.readyState >= 2 ? v.currentTime : 0"), System.Globalization.CultureInfo.InvariantCulture) > 0.5,
            "the preview to play", seconds: 30);
        Assert.True(Convert.ToInt64(b.Script("return document.getElementById('preview-video').videoWidth"), System.Globalization.CultureInfo.InvariantCulture) == 320);

        var rtsp = b.Wait("#url-rtsp").GetAttribute("value")!;
        Assert.StartsWith(S.Rtsp("live/show1?"), rtsp, StringComparison.Ordinal);
        var (exit, codecs, error) = await MediaClient.ProbeAsync(rtsp);
        Assert.True(exit == 0, error);
        Assert.Contains("video", codecs);
        // Without the signature MediaServer's on_play is refused.
        var (refused, _, _) = await MediaClient.ProbeAsync(S.Rtsp("live/show1"));
        Assert.NotEqual(0, refused);

        // Readers now, from the server's own API: a player with the copied RTMP URL is counted.
        var rtmp = b.Wait("#url-rtmp").GetAttribute("value")!;
        await using var player = MediaClient.Start("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", rtmp, "-t", "30", "-f", "null", "-");
        using var admin = S.App.App.AdminClient();
        var live = await S.EventuallyAsync(() => admin.GetStringAsync($"/api/streams/live?server={S.Id}"),
            json => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("streams").EnumerateArray()
                .Any(m => m.GetProperty("stream").GetString() == "show1" && m.GetProperty("readers").GetInt64() >= 1),
            TimeSpan.FromSeconds(20), "show1 with a reader in getMediaList");
        Assert.Contains("\"available\":true", live, StringComparison.Ordinal);
        b.WaitUntil(() =>
        {
            b.Show("streams", "Live streams");
            var cell = b.Wait($"#streams-table tr[data-stream='{S.Id}/live/show1'] td.readers");
            return cell.GetAttribute("data-live") == "true" && int.TryParse(cell.Text, out var readers) && readers >= 1;
        }, "a live reader count of at least 1", seconds: 30);
        Assert.False(player.HasExited, player.Stderr);

        // A recording of it plays in the page, from MediaServer's HTTP port, with the URL the console signed.
        await S.EventuallyAsync(() => S.RecordingsAsync("show1"), l => l.Any(f => f.Kind == "mp4"), TimeSpan.FromSeconds(30), "an MP4 of show1 in the catalog");
        b.Show("recordings?server=" + S.Id, "Recordings");
        b.Click("#recordings-table button.play");
        var file = b.Wait("#recording-video").GetAttribute("src")!;
        Assert.StartsWith(S.Http("record/live/show1/"), file, StringComparison.Ordinal);
        Assert.Contains("sign=", file, StringComparison.Ordinal);
        b.WaitUntil(() => Convert.ToDouble(b.Script("const v = document.getElementById('recording-video'); return v && v.readyState >= 1 ? v.duration : 0"), System.Globalization.CultureInfo.InvariantCulture) > 0.5,
            "the recording to load", seconds: 30);
        // Unsigned, MediaServer refuses the file (its answer to a refused on_http_access is a 401).
        Assert.Equal(401, await MediaClient.HttpStatusAsync(file[..file.IndexOf('?', StringComparison.Ordinal)]));
    }
}
