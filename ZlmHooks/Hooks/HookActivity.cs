namespace ZlmHooks.Hooks;

/// <summary>Which of a hook's calls the operator's activity feed keeps. A viewer's every allowed play, or a
/// keepalive every few seconds per server, would bury what an operator looks there for.</summary>
public enum HookActivity
{
    /// <summary>Every call (a stream registered, a recording, a server start).</summary>
    Every,

    /// <summary>Refusals and failures only (a player turned away, but not every viewer let in).</summary>
    Refusals,

    /// <summary>Failures only: calls too frequent to list (keepalives, flow reports, RTSP realms).</summary>
    Failures,
}
