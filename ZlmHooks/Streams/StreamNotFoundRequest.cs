using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary>on_stream_not_found: a player asked for a stream that is not there. The player waits up
/// to <c>general.maxStreamWaitMS</c> for it to appear (the moment to pull a camera on demand).</summary>
public sealed record StreamNotFoundRequest : ClientStreamHookRequest;
