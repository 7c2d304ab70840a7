using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_play: a player (RTSP, RTMP, HTTP-FLV, HLS, WebRTC...) wants to watch a stream.
/// The answer is a plain <see cref="HookReply"/>: code 0 admits the player.</summary>
public sealed record PlayRequest : ClientStreamHookRequest;
