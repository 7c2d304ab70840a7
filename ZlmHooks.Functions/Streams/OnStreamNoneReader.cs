using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_stream_none_reader: nobody has watched a stream for
/// <c>general.streamNoneReaderDelayMS</c>; should MediaServer close it?</summary>
public sealed record StreamNoneReaderRequest : StreamHookRequest;

/// <summary><c>close</c> true closes the stream (and stops its pusher or puller).</summary>
public sealed record StreamNoneReaderReply : HookReply
{
    [JsonPropertyName("close")] public bool Close { get; init; }
}
