using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary><c>close</c> true closes the stream (and stops its pusher or puller).</summary>
public sealed record StreamNoneReaderReply : HookReply
{
    [JsonPropertyName("close")] public bool Close { get; init; }
}
