namespace ZlmHooks.Hooks;

/// <summary>A timer-triggered function. Under the Functions host the host POSTs to /&lt;name&gt; on the
/// schedule (a custom handler's non-HTTP invocation); it sends no function key, and the route is
/// only mapped under the host, whose handler port is reachable from the host alone.</summary>
public sealed record TimerFunction(string Name, string Schedule, string Summary);
