using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_rtsp_realm: an RTSP player connects; does this stream need an RTSP login?</summary>
public sealed record RtspRealmRequest : ClientStreamHookRequest;
