using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_flow_report: a player or pusher disconnected after moving more than
/// <c>general.flowThreshold</c> KB; how long it stayed and how many bytes it moved.</summary>
public sealed record FlowReportRequest : ClientStreamHookRequest
{
    /// <summary>Seconds the session lasted.</summary>
    [JsonPropertyName("duration")] public double? Duration { get; set; }
    [JsonPropertyName("totalBytes")] public long? TotalBytes { get; set; }

    /// <summary>True for a player, false for a pusher.</summary>
    [JsonPropertyName("player")] public bool? Player { get; set; }
}
