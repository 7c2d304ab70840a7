using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_stream_none_reader: nobody has watched a stream for
/// <c>general.streamNoneReaderDelayMS</c>; should MediaServer close it?</summary>
public sealed record StreamNoneReaderRequest : StreamHookRequest;
