using System.Text.Json;

namespace ZlmHooks.Servers;

/// <summary>
/// What of a MediaServer's configuration the operator sees (the console's Servers view, play URLs):
/// a fixed list of ports, protocols, record and hook settings, kept as a small JSON column beside the
/// digest of the whole. A list of what to show rather than of what to hide: no secret, URL or
/// password (api.secret, srt.passPhrase, rtc.icePwd, hook URLs) can reach it by a new version adding one.
/// </summary>
public static class ServerSummary
{
    public static readonly string[] Keys =
    [
        "http.port", "http.sslport", "rtsp.port", "rtsp.sslport", "rtmp.port", "rtmp.sslport",
        "rtc.port", "rtc.tcpPort", "srt.port", "rtp_proxy.port",
        "protocol.enable_rtsp", "protocol.enable_rtmp", "protocol.enable_hls", "protocol.enable_hls_fmp4",
        "protocol.enable_ts", "protocol.enable_fmp4", "protocol.enable_mp4",
        "general.enableVhost", "record.appName", "hook.alive_interval", "hook.timeoutSec", "hook.retry",
    ];

    public static string Of(IReadOnlyDictionary<string, string?> config)
    {
        var summary = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Keys)
            if (config.TryGetValue(key, out var value) && value is { Length: > 0 and <= 100 })
                summary[key] = value;
        return JsonSerializer.Serialize(summary, ServersJson.Default.DictionaryStringString);
    }

    public static IReadOnlyDictionary<string, string>? Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonSerializer.Deserialize(json, ServersJson.Default.DictionaryStringString);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The User-Agent, printable and bounded (MediaServer's: <c>ZLMediaKit(git hash:...,branch:...,build time:...)</c>).</summary>
    public static string? Version(string? agent) =>
        string.IsNullOrWhiteSpace(agent) ? null : new string([.. agent.Take(200).Where(c => !char.IsControl(c))]);
}
