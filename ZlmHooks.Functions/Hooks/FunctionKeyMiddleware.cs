using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>Guards every route except the host's liveness probe (<c>GET /</c>), <c>/healthz</c> and the
/// console's page (<c>/console</c>: static files that hold no data, and ask for the admin key): the hooks
/// with the function key, the admin API (<c>/api/*</c>) with the admin key.</summary>
internal sealed partial class FunctionKeyMiddleware(RequestDelegate next, FunctionKeys keys, AdminKeys adminKeys, HostingEnvironment hosting, HookCatalog catalog, ILogger<FunctionKeyMiddleware> logger)
{
    private static readonly byte[] Refusal = """{"code":-1,"msg":"missing or invalid function key (?code= or x-functions-key)"}"""u8.ToArray();
    private static readonly byte[] AdminRefusal = """{"code":-1,"msg":"missing or invalid admin key (Authorization: Bearer <key>, one of ZlmHooks__AdminKeys); the function key does not open the admin API"}"""u8.ToArray();
    private static readonly byte[] AdminClosed = """{"code":-1,"msg":"the admin API is closed: no admin key is configured (ZlmHooks__AdminKeys)"}"""u8.ToArray();

    // Timer invocations come from the Functions host over its loopback port, without a key.
    private bool IsTimerInvocation(PathString path) =>
        hosting.UnderFunctionsHost && catalog.Timers.Any(t => path.Equals("/" + t.Name, StringComparison.Ordinal));

    // Not async: a call with a good key goes straight on, without a state machine of its own.
    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (path == "/" || path == "/healthz" || path.StartsWithSegments("/console", StringComparison.Ordinal) || IsTimerInvocation(path))
            return next(http);
        if (path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            var admin = AdminKeys.Presented(http.Request);
            if (adminKeys.IsValid(admin)) return next(http);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return RefuseAsync(http, path, admin, "admin key", adminKeys.Configured ? AdminRefusal : AdminClosed);
        }
        var presented = FunctionKeys.Presented(http.Request);
        return keys.IsValid(presented) ? next(http) : RefuseAsync(http, path, presented, "function key", Refusal);
    }

    private Task RefuseAsync(HttpContext http, PathString path, string? presented, string credential, byte[] reply)
    {
        // A MediaServer configured with the wrong key shows up here, once per hook call. The path
        // only (a hook route or /api/...), never the query string or the key.
        Refused(http.Request.Method, Printable(path.Value), http.Connection.RemoteIpAddress?.ToString() ?? "-", string.IsNullOrEmpty(presented) ? "missing" : "wrong", credential);
        return ApiAnswers.JsonAsync(http, reply, StatusCodes.Status401Unauthorized);
    }

    private static string Printable(string? path) => HookLog.Printable(path is { Length: > 200 } ? path[..200] + "..." : path) ?? "";

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Method} {Path} from {ClientAddress}: refused (HTTP 401), {Key} {Credential}")]
    private partial void Refused(string method, string path, string clientAddress, string key, string credential);
}
