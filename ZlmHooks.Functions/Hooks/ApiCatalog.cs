namespace ZlmHooks.Hooks;

/// <summary>A key-protected read endpoint for operators. Under the Functions host every route needs
/// a function, so these get function.json folders beside the hooks.</summary>
public sealed record ApiFunction(string Name, string Route, string Method, string Summary);

public static class ApiCatalog
{
    public static IReadOnlyList<ApiFunction> All { get; } =
    [
        new("api_recordings", "api/recordings", "get", "Catalogued recordings by server, vhost, app, stream, kind and day range."),
        new("api_streams", "api/streams", "get", "The stream registry: streams by server, app and online state."),
        new("api_servers", "api/servers", "get", "Media server health: started, last keepalive, exited, status."),
    ];
}

/// <summary>A timer-triggered function. Under the Functions host the host POSTs to /&lt;name&gt; on the
/// schedule (a custom handler's non-HTTP invocation); it sends no function key, and the route is
/// only mapped under the host, whose handler port is reachable from the host alone.</summary>
public sealed record TimerFunction(string Name, string Schedule, string Summary);

public static class TimerCatalog
{
    public static IReadOnlyList<TimerFunction> All { get; } =
    [
        new("outbox_drain", "*/30 * * * * *", "Re-publishes events waiting in the outbox (also done in the background)."),
    ];
}
