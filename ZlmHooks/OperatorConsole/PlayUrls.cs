using System.Text.Json.Serialization;

namespace ZlmHooks.OperatorConsole;

/// <summary><c>GET /api/play-urls</c>: where a player finds a stream on its server, signed when the
/// stream's play rule takes signed URLs, and the server's HTTP base (for recordings).</summary>
public sealed record PlayUrls
{
    [JsonPropertyName("mediaServerId")] public required string MediaServerId { get; init; }

    /// <summary>The server's HTTP base URL: the recordings' public base when configured, else its address and http.port.</summary>
    [JsonPropertyName("httpBase")] public required string HttpBase { get; init; }

    /// <summary><c>open</c> (play is allowed without a credential), <c>signed</c> (the URLs carry a
    /// signature), <c>credential</c> (the rule takes a token, JWT or RTSP login the page cannot mint),
    /// <c>denied</c>; null when no stream was named.</summary>
    [JsonPropertyName("access")] public string? Access { get; init; }
    [JsonPropertyName("note")] public string? Note { get; init; }
    [JsonPropertyName("expiresAt")] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>HTTP fMP4 (<c>.live.mp4</c>), which a &lt;video&gt; element plays without a script.</summary>
    [JsonPropertyName("preview")] public string? Preview { get; init; }
    [JsonPropertyName("rtsp")] public string? Rtsp { get; init; }
    [JsonPropertyName("rtmp")] public string? Rtmp { get; init; }
    [JsonPropertyName("flv")] public string? Flv { get; init; }
    [JsonPropertyName("hls")] public string? Hls { get; init; }

    /// <summary>A file on the server's HTTP port (a recording), signed when its <c>http</c> rule takes
    /// signed URLs; asked for with <c>path=</c>.</summary>
    [JsonPropertyName("file")] public string? File { get; init; }
}
