using System.Security.Cryptography;
using ZlmHooks.Hooks;

namespace ZlmHooks.Events;

/// <summary>
/// How a hook call becomes a CloudEvent (docs/events.md): the source (one per media server), the
/// subject <c>/&lt;vhost&gt;/&lt;app&gt;/&lt;stream&gt;</c> that Event Grid subject filters match, the
/// partition that orders events, the data. The type is the hook's own (<see cref="Hook.EventType"/>);
/// the id comes from <see cref="EventIdentity"/>.
/// </summary>
public static class HookEvents
{
    public const string Prefix = "zlmediakit.";

    public static string AuditType(string action, bool allowed) => $"zlmediakit.access.{action}.{(allowed ? "allowed" : "denied")}";

    public static string Source(string? mediaServerId) => "/zlmediakit/" + Uri.EscapeDataString(mediaServerId ?? "unknown");

    /// <summary>"/vhost/app/stream", each part URL-escaped so a '/' in a stream id cannot add a level.</summary>
    public static string? Subject(HookRequest request) => request is IStreamAddress { App: { } app } s && s.Stream is { } stream
        ? $"/{Uri.EscapeDataString(StreamHookRequest.VhostOrDefault(s.Vhost))}/{Uri.EscapeDataString(app)}/{Uri.EscapeDataString(stream)}"
        : null;

    /// <summary>What orders events: one stream on one server, or the server itself.</summary>
    public static string Partition(HookRequest request) => (request.MediaServerId ?? "unknown") + (Subject(request) ?? "");

    /// <summary>The payload as published: the call's cleaned payload (<see cref="HookContext.Payload"/>:
    /// without hook_index, which MediaServer renumbers on every retry, secrets redacted).</summary>
    public static byte[] Data(HookContext context) => System.Text.Encoding.UTF8.GetBytes(context.Payload.ToJsonString());

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
