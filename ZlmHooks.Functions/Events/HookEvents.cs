using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ZlmHooks.Hooks;
using ZlmHooks.Streams;

namespace ZlmHooks.Events;

/// <summary>
/// Which CloudEvent each notification hook becomes (docs/events.md): its type, the source (one per
/// media server) and the subject <c>/&lt;vhost&gt;/&lt;app&gt;/&lt;stream&gt;</c> that Event Grid subject
/// filters match. The id is not made here: see <see cref="EventIdentity"/>.
/// </summary>
public static class HookEvents
{
    public const string Prefix = "zlmediakit.";

    /// <summary>The event type of a hook call, or null when the hook publishes no event.</summary>
    public static string? TypeOf(string hook, HookRequest request) => hook switch
    {
        "on_stream_changed" => ((StreamChangedRequest)request).Regist == true ? "zlmediakit.stream.registered" : "zlmediakit.stream.unregistered",
        "on_stream_none_reader" => "zlmediakit.stream.noreader",
        "on_stream_not_found" => "zlmediakit.stream.notfound",
        "on_flow_report" => "zlmediakit.stream.flowreport",
        "on_record_mp4" => "zlmediakit.recording.mp4",
        "on_record_ts" => "zlmediakit.recording.ts",
        "on_server_started" => "zlmediakit.server.started",
        "on_server_keepalive" => "zlmediakit.server.keepalive",
        "on_server_exited" => "zlmediakit.server.exited",
        "on_rtp_server_timeout" => "zlmediakit.rtp.servertimeout",
        "on_send_rtp_stopped" => "zlmediakit.rtp.sendstopped",
        _ => null,
    };

    /// <summary>Every type a notification can have (the documented list).</summary>
    public static IReadOnlyList<string> NotificationTypes { get; } =
    [
        "zlmediakit.stream.registered", "zlmediakit.stream.unregistered", "zlmediakit.stream.noreader", "zlmediakit.stream.notfound",
        "zlmediakit.stream.flowreport", "zlmediakit.recording.mp4", "zlmediakit.recording.ts", "zlmediakit.server.started",
        "zlmediakit.server.keepalive", "zlmediakit.server.exited", "zlmediakit.rtp.servertimeout", "zlmediakit.rtp.sendstopped",
    ];

    public static string AuditType(string action, bool allowed) => $"zlmediakit.access.{action}.{(allowed ? "allowed" : "denied")}";

    public static string Source(string? mediaServerId) => "/zlmediakit/" + Uri.EscapeDataString(mediaServerId ?? "unknown");

    /// <summary>"/vhost/app/stream", each part URL-escaped so a '/' in a stream id cannot add a level.</summary>
    public static string? Subject(HookRequest request) => request is IStreamAddress { App: { } app } s && s.Stream is { } stream
        ? $"/{Uri.EscapeDataString(StreamHookRequest.VhostOrDefault(s.Vhost))}/{Uri.EscapeDataString(app)}/{Uri.EscapeDataString(stream)}"
        : null;

    /// <summary>What orders events: one stream on one server, or the server itself.</summary>
    public static string Partition(HookRequest request) => (request.MediaServerId ?? "unknown") + (Subject(request) ?? "");

    /// <summary>The payload as published: the hook's JSON without hook_index (which MediaServer renumbers
    /// on every retry), secrets redacted.</summary>
    public static byte[] Data(Hook hook, HookRequest request, Redaction redaction)
    {
        var node = JsonNode.Parse(hook.SerializeBody(request))!.AsObject();
        node.Remove("hook_index");
        return System.Text.Encoding.UTF8.GetBytes(redaction.Apply(node)!.ToJsonString());
    }

    /// <summary>A stable digest of a payload (already without hook_index) and where it came from.</summary>
    public static string Digest(string type, string source, ReadOnlySpan<byte> data)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(type + "\n" + source + "\n");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(text);
        hash.AppendData(data);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
