using System.Text;
using System.Text.Json;
using ZlmHooks.AccessRules;
using ZlmHooks.Hooks;
using ZlmHooks.Recordings;
using ZlmHooks.Servers;
using ZlmHooks.Streams;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

public sealed class PayloadTests
{
    public static TheoryData<string> Captures() => Capture.Names();

    private static T Parse<T>(string hook, string json) where T : HookRequest =>
        Assert.IsType<T>(Parse(hook, Encoding.UTF8.GetBytes(json)));

    private static HookRequest Parse(string hook, byte[] json) => TestCatalog.Hooks.Find(hook)!.ParseBody(json);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_capture_parses_into_its_typed_request_and_keeps_every_field(string file)
    {
        var capture = Capture.Named(file);
        var request = Parse(capture.Hook, capture.Body);
        Assert.Equal(TestCatalog.Hooks.Find(capture.Hook)!.RequestType, request.GetType());
        Assert.Null(request.Validate());
        Assert.Equal("zlm-test-01", request.MediaServerId);

        // Nothing is dropped: every top-level key is either a typed property or kept in Extra.
        using var document = JsonDocument.Parse(capture.Body);
        var reserialized = TestCatalog.Hooks.Find(capture.Hook)!.ToJson(request);
        foreach (var property in document.RootElement.EnumerateObject())
            Assert.True(reserialized.ContainsKey(property.Name), $"{file}: '{property.Name}' was dropped");
    }

    [Fact]
    public void Stream_changed_register_carries_tracks_and_origin_socket()
    {
        var request = Assert.IsType<StreamChangedRequest>(Parse("on_stream_changed", Capture.Named("on_stream_changed__002.http").Body));
        Assert.True(request.Regist);
        Assert.Equal("rtmp", request.Schema);
        Assert.Equal(4294967295, request.CurrentStamp);
        Assert.Equal("127.0.0.1", request.OriginSock!.PeerIp);
        Assert.Equal(39466, request.OriginSock.PeerPort);
        Assert.Equal(2, request.Tracks!.Count);
        var video = request.Tracks.Single(t => t.CodecType == 0);
        Assert.Equal(("H264", 320, 240, 25.0), (video.CodecIdName, video.Width, video.Height, video.Fps));
    }

    [Fact]
    public void Http_access_headers_and_server_started_config_are_kept_after_the_buffer_is_gone()
    {
        var access = Assert.IsType<HttpAccessRequest>(Parse("on_http_access", Capture.Named("on_http_access__001.http").Body));
        Assert.Equal("curl/7.88.1", access.Headers.Single(h => h.Key == "User-Agent").Value);
        Assert.Equal("/hello.txt", access.Path);
        Assert.False(access.IsDir);

        var started = Assert.IsType<ServerStartedRequest>(Parse("on_server_started", Capture.Named("on_server_started__001.http").Body));
        Assert.Equal("5.0", started.Extra!["hook.alive_interval"].GetString());
        Assert.Equal(178, started.Extra.Count);
        Assert.DoesNotContain("zlm-test-secret", started.ToString());
    }

    [Fact]
    public void Numbers_as_strings_strings_as_numbers_and_booleans_as_numbers_are_accepted()
    {
        var play = Parse<PlayRequest>("on_play", """{"app":"live","stream":"cam1","id":211,"port":"46992","mediaServerId":"a","hook_index":"7"}""");
        Assert.Equal(("211", 46992, 7L), (play.Id, play.Port, play.HookIndex));

        var record = Parse<RecordMp4Request>("on_record_mp4", """{"app":"live","stream":"s","file_path":"/r/a.mp4","file_size":"206644","start_time":1795492274.0,"time_len":"6.96"}""");
        Assert.Equal((206644L, 1795492274L, 6.96), (record.FileSize, record.StartTime, record.TimeLen));

        var changed = Parse<StreamChangedRequest>("on_stream_changed", """{"app":"live","stream":"s","schema":"rtmp","regist":1,"isRecordingMP4":"false"}""");
        Assert.Equal((true, false), (changed.Regist, changed.IsRecordingMp4));

        var rtp = Parse<RtpServerTimeoutRequest>("on_rtp_server_timeout", """{"app":"rtp","stream_id":"gb","ssrc":1234,"re_use_port":"1"}""");
        Assert.Equal(("1234", true), (rtp.Ssrc, rtp.ReUsePort));

        var flow = Parse<FlowReportRequest>("on_flow_report", """{"app":"live","stream":"s","duration":7.5,"player":"true","totalBytes":1.0e6}""");
        Assert.Equal((7.5, true, 1_000_000L), (flow.Duration, flow.Player, flow.TotalBytes));
    }

    [Theory]
    [InlineData("on_play", """{"app":{"x":1},"stream":"cam1"}""", "$.app")]
    [InlineData("on_play", """{"app":"live","stream":"cam1","port":"eighty"}""", "$.port")]
    [InlineData("on_stream_changed", """{"app":"live","stream":"s","schema":"rtmp","regist":"maybe"}""", "$.regist")]
    [InlineData("on_stream_changed", """{"app":"live","stream":"s","schema":"rtmp","regist":true,"tracks":{}}""", "$.tracks")]
    public void Wrong_field_types_are_refused_with_the_field_named(string hook, string json, string path)
    {
        var e = Assert.Throws<JsonException>(() => Parse(hook, Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, e.Path);
        Assert.Contains(path, HookBody.Describe(e));
    }

    [Theory]
    [InlineData("on_play", """{"app":"live"}""", "stream")]
    [InlineData("on_publish", """{"stream":"cam1"}""", "app")]
    [InlineData("on_stream_changed", """{"app":"live","stream":"s","schema":"rtmp"}""", "regist")]
    [InlineData("on_rtsp_auth", """{"app":"live","stream":"s"}""", "user_name")]
    [InlineData("on_record_mp4", """{"app":"live","stream":"s"}""", "file_path")]
    [InlineData("on_rtp_server_timeout", """{"app":"rtp"}""", "stream_id")]
    public void Missing_required_fields_are_named(string hook, string json, string field)
    {
        Assert.Contains($"'{field}'", Parse(hook, Encoding.UTF8.GetBytes(json)).Validate());
    }
}
