using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;

namespace ZlmHooks.Tests;

/// <summary>The one redaction on strings (issue 29, D5 and D6): secrets after a URL's '#' (SRT's
/// <c>streamid=#!::...</c>) and in the query of a path without a scheme are redacted; the host, the
/// stream and every ordinary value stay readable.</summary>
public sealed class RedactionTests
{
    [Theory]
    // The probe's case: '#' starts the fragment, so the passphrase was after it and kept.
    [InlineData("srt://h:9000?streamid=#!::r=live/x,m=request&passphrase=S3cretPass",
        "srt://h:9000?streamid=#!::r=live/x,m=request&passphrase=[redacted]")]
    [InlineData("srt://h:9000?streamid=#!::r=live/x,m=publish,passphrase=S3cretPass,pbkeylen=16,latency=200",
        "srt://h:9000?streamid=#!::r=live/x,m=publish,passphrase=[redacted],pbkeylen=16,latency=200")]
    // SRT's session id ("s") authorises; the user name ("u") and the resource ("r") are not secrets.
    [InlineData("srt://h:9000?streamid=#!::u=alice,r=live/x,s=Sess1onId,m=request",
        "srt://h:9000?streamid=#!::u=alice,r=live/x,s=[redacted],m=request")]
    // The streamid with its '#' escaped stays in the query: its pairs are cleaned there.
    [InlineData("srt://h:9000?streamid=%23!::r=live/x,m=request,s=Sess1onId&passphrase=S3cretPass&latency=200",
        "srt://h:9000?streamid=%23!::r=live/x,m=request,s=[redacted]&passphrase=[redacted]&latency=200")]
    [InlineData("srt://h:9000?passphrase=S3cretPass&pbkeylen=16", "srt://h:9000?passphrase=[redacted]&pbkeylen=16")]
    [InlineData("srt://h:9000#!::r=live/x,passphrase=S3cretPass", "srt://h:9000#!::r=live/x,passphrase=[redacted]")]
    [InlineData("https://app.example.net/cb#access_token=T0ken&state=7", "https://app.example.net/cb#access_token=[redacted]&state=7")]
    [InlineData("https://example.net/docs#section-2", "https://example.net/docs#section-2")]
    [InlineData("srt://user:Pa55@h:9000?streamid=#!::r=live/x", "srt://user:[redacted]@h:9000?streamid=#!::r=live/x")]
    // A list of URLs is still split at its separators, each URL cleaned.
    [InlineData("rtsp://a/x?token=T1, rtsp://b/y?token=T2", "rtsp://a/x?token=[redacted], rtsp://b/y?token=[redacted]")]
    [InlineData("rtsp://a/x?token=T1,rtsp://b/y?sign=T2", "rtsp://a/x?token=[redacted],rtsp://b/y?sign=[redacted]")]
    public void A_url_keeps_its_host_and_stream_and_loses_its_secrets(string url, string expected) =>
        Assert.Equal(expected, Redaction.Url(url));

    [Theory]
    [InlineData("record/live/cam1/2026-11-24/a.mp4?token=T0ken", "record/live/cam1/2026-11-24/a.mp4?token=[redacted]")]
    [InlineData("record/live/cam1/a.mp4?channel=1&sign=S1g&expires=1999999999", "record/live/cam1/a.mp4?channel=1&sign=[redacted]&expires=1999999999")]
    [InlineData("/opt/zlmediakit/www/record/live/cam1/a.mp4", "/opt/zlmediakit/www/record/live/cam1/a.mp4")]
    [InlineData("record/live/cam#1/a.mp4", "record/live/cam#1/a.mp4")]
    [InlineData("record/live/why?/a.mp4", "record/live/why?/a.mp4")]
    [InlineData("rtmp://u:Pa55@h/live/x?token=T0ken", "rtmp://u:[redacted]@h/live/x?token=[redacted]")]
    public void A_path_without_a_scheme_has_its_query_cleaned_and_nothing_else_changed(string path, string expected) =>
        Assert.Equal(expected, Redaction.PathOrUrl(path));

    [Fact]
    public void A_hook_body_has_relative_urls_and_paths_cleaned_under_the_keys_that_hold_them()
    {
        var redaction = new Redaction(Options.Create(new RedactionOptions()));
        var body = new JsonObject
        {
            ["url"] = "record/live/cam1/a.mp4?token=T0ken",
            ["file_path"] = "/www/record/live/cam1/a.mp4?token=T0ken",
            ["file_name"] = "a.mp4?token=T0ken",
            ["folder"] = "/www/record/live/cam1/?token=T0ken",
            ["vendor.originUrl"] = "live/cam1?sign=T0ken",
            ["originUrl"] = "srt://h:9000?streamid=#!::r=live/x,m=request&passphrase=S3cretPass",
            ["note"] = "why?token=kept: not a URL or a path",
            ["stream"] = "cam?1",
        };
        redaction.Apply(body);
        Assert.Equal("record/live/cam1/a.mp4?token=[redacted]", body["url"]!.GetValue<string>());
        Assert.Equal("/www/record/live/cam1/a.mp4?token=[redacted]", body["file_path"]!.GetValue<string>());
        Assert.Equal("a.mp4?token=[redacted]", body["file_name"]!.GetValue<string>());
        Assert.Equal("/www/record/live/cam1/?token=[redacted]", body["folder"]!.GetValue<string>());
        Assert.Equal("live/cam1?sign=[redacted]", body["vendor.originUrl"]!.GetValue<string>());
        Assert.Equal("srt://h:9000?streamid=#!::r=live/x,m=request&passphrase=[redacted]", body["originUrl"]!.GetValue<string>());
        Assert.Equal("why?token=kept: not a URL or a path", body["note"]!.GetValue<string>());
        Assert.Equal("cam?1", body["stream"]!.GetValue<string>());
    }
}
