using System.Text.Json.Serialization;

namespace ZlmHooks.Hooks;

/// <summary>A hook about one stream: vhost, app, stream, with the URL parameters and schema.</summary>
public abstract record StreamHookRequest : HookRequest, IStreamAddress
{
    public const string DefaultVhost = "__defaultVhost__";

    /// <summary>The vhost to file a stream under: MediaServer's <c>__defaultVhost__</c> when none is sent.</summary>
    public static string VhostOrDefault(string? vhost) => string.IsNullOrEmpty(vhost) ? DefaultVhost : vhost;

    [JsonPropertyName("vhost")] public string? Vhost { get; set; }
    [JsonPropertyName("app")] public string? App { get; set; }
    [JsonPropertyName("stream")] public string? Stream { get; set; }

    /// <summary>The media format: rtmp, rtsp, ts, fmp4, hls, hls.fmp4 (muxer in none_reader).</summary>
    [JsonPropertyName("schema")] public string? Schema { get; set; }

    /// <summary>The URL query string the client used; may carry a token, so never logged.</summary>
    [JsonPropertyName("params")] public string? Params { get; set; }

    public override string? Validate() => Require(App, "app") ?? Require(Stream, "stream");
}
