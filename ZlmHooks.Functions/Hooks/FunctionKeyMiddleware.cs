using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>Guards every route except the host's liveness probe (<c>GET /</c>) and <c>/healthz</c>.</summary>
internal sealed partial class FunctionKeyMiddleware(RequestDelegate next, FunctionKeys keys, HostingEnvironment hosting, HookCatalog catalog, ILogger<FunctionKeyMiddleware> logger)
{
    private static readonly byte[] Refusal = """{"code":-1,"msg":"missing or invalid function key (?code= or x-functions-key)"}"""u8.ToArray();

    // Timer invocations come from the Functions host over its loopback port, without a key.
    private bool IsTimerInvocation(PathString path) =>
        hosting.UnderFunctionsHost && catalog.Timers.Any(t => path.Equals("/" + t.Name, StringComparison.Ordinal));

    // Not async: a call with a good key goes straight on, without a state machine of its own.
    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (path == "/" || path == "/healthz" || IsTimerInvocation(path))
            return next(http);
        var presented = FunctionKeys.Presented(http.Request);
        return keys.IsValid(presented) ? next(http) : RefuseAsync(http, path, presented);
    }

    private Task RefuseAsync(HttpContext http, PathString path, string? presented)
    {
        // A MediaServer configured with the wrong key shows up here, once per hook call. The path
        // only (a hook route or /api/...), never the query string or the key.
        Refused(http.Request.Method, Printable(path.Value), http.Connection.RemoteIpAddress?.ToString() ?? "-", string.IsNullOrEmpty(presented) ? "missing" : "wrong");
        return ApiAnswers.JsonAsync(http, Refusal, StatusCodes.Status401Unauthorized);
    }

    private static string Printable(string? path) => HookLog.Printable(path is { Length: > 200 } ? path[..200] + "..." : path) ?? "";

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Method} {Path} from {ClientAddress}: refused (HTTP 401), {Key} function key")]
    private partial void Refused(string method, string path, string clientAddress, string key);
}
