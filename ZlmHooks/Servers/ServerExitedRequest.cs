using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>on_server_exited: a MediaServer exited cleanly (a crash sends nothing).</summary>
public sealed record ServerExitedRequest : HookRequest;
