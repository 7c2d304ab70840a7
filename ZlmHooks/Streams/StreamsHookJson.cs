using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

/// <summary>Source-generated JSON for the stream hooks' bodies and replies (read with the kernel's
/// lenient options: <see cref="StreamHooks"/>).</summary>
[JsonSerializable(typeof(StreamChangedRequest))]
[JsonSerializable(typeof(StreamNoneReaderRequest))]
[JsonSerializable(typeof(StreamNoneReaderReply))]
[JsonSerializable(typeof(StreamNotFoundRequest))]
[JsonSerializable(typeof(StreamNotFoundReply))]
[JsonSerializable(typeof(FlowReportRequest))]
[JsonSerializable(typeof(SendRtpStoppedRequest))]
[JsonSerializable(typeof(RtpServerTimeoutRequest))]
[JsonSerializable(typeof(Hooks.HookReply))]
internal sealed partial class StreamsHookJson : JsonSerializerContext;
