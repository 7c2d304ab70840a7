using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>
/// on_server_started: a MediaServer process started. The body is its whole configuration as
/// <c>"section.key"</c> strings (in <see cref="HookRequest.Extra"/>), including <c>api.secret</c>
/// and every hook URL with our key: redact before it is stored, logged or forwarded.
/// </summary>
public sealed record ServerStartedRequest : HookRequest
{
    public override string ToString() => $"ServerStartedRequest {{ MediaServerId = {MediaServerId}, ConfigKeys = {Extra?.Count ?? 0} }}";
}
