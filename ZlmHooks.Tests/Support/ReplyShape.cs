using System.Text.Json;

namespace ZlmHooks.Tests.Support;

/// <summary>What MediaServer needs of a reply (the hook contract): a JSON object with an integer
/// <c>code</c>, and each hook's own fields as real JSON booleans, numbers and strings.</summary>
public static class ReplyShape
{
    private static readonly HashSet<string> PublishOptions =
    [
        "enable_hls", "enable_hls_fmp4", "enable_mp4", "enable_rtsp", "enable_rtmp", "enable_ts", "enable_fmp4",
        "hls_demand", "rtsp_demand", "rtmp_demand", "ts_demand", "fmp4_demand", "enable_audio", "add_mute_audio",
        "mp4_save_path", "mp4_max_second", "mp4_as_player", "hls_save_path", "modify_stamp", "continue_push_ms",
        "paced_sender_ms", "auto_close", "stream_replace", "max_track",
    ];

    public static void AssertValid(string hook, JsonElement reply)
    {
        Assert.Equal(JsonValueKind.Object, reply.ValueKind);
        Assert.True(reply.TryGetProperty("code", out var code), $"{hook}: no code");
        Assert.Equal(JsonValueKind.Number, code.ValueKind);
        Assert.True(code.TryGetInt32(out _), $"{hook}: code is not an integer");
        if (reply.TryGetProperty("msg", out var msg)) Assert.Equal(JsonValueKind.String, msg.ValueKind);
        if (code.GetInt32() != 0) return;

        switch (hook)
        {
            case "on_publish":
                foreach (var p in reply.EnumerateObject().Where(p => p.Name is not ("code" or "msg")))
                {
                    Assert.Contains(p.Name, PublishOptions);
                    Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind);
                }
                break;
            case "on_http_access":
                Assert.Equal(JsonValueKind.String, reply.GetProperty("err").ValueKind);
                Assert.Equal(JsonValueKind.String, reply.GetProperty("path").ValueKind);
                Assert.True(reply.GetProperty("second").TryGetInt32(out _));
                break;
            case "on_rtsp_realm":
                Assert.Equal(JsonValueKind.String, reply.GetProperty("realm").ValueKind);
                break;
            case "on_rtsp_auth":
                Assert.True(reply.GetProperty("encrypted").ValueKind is JsonValueKind.True or JsonValueKind.False);
                Assert.Equal(JsonValueKind.String, reply.GetProperty("passwd").ValueKind);
                break;
            case "on_stream_none_reader" or "on_stream_not_found":
                Assert.True(reply.GetProperty("close").ValueKind is JsonValueKind.True or JsonValueKind.False);
                break;
        }
    }
}
