using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>
/// Checks the credential the matched endpoint names (<see cref="RequiredCredential"/>): the function
/// key for hooks, the admin key for the operator API, none for the host's probe, <c>/healthz</c> and the
/// console's page. Routing has run first, so the check follows the route, never the path's spelling
/// (<c>/API/rules</c>, <c>/%41PI/rules</c> and <c>/api/rules</c> are one route and one check). A request
/// that matched no route needs the function key before it learns that (404, 405): nothing is opened.
/// </summary>
internal sealed partial class CredentialMiddleware(RequestDelegate next, FunctionKeys keys, AdminKeys adminKeys, HostingEnvironment hosting, ILogger<CredentialMiddleware> logger)
{
    private static readonly byte[] Refusal = """{"code":-1,"msg":"missing or invalid function key (?code= or x-functions-key)"}"""u8.ToArray();
    private static readonly byte[] AdminRefusal = """{"code":-1,"msg":"missing or invalid admin key (Authorization: Bearer <key>, one of ZlmHooks__AdminKeys); the function key does not open the admin API"}"""u8.ToArray();
    private static readonly byte[] AdminClosed = """{"code":-1,"msg":"the admin API is closed: no admin key is configured (ZlmHooks__AdminKeys)"}"""u8.ToArray();

    // Not async: a call with a good key goes straight on, without a state machine of its own.
    public Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        // An endpoint that names no credential is a mapping mistake: it gets the strictest check.
        var required = endpoint is null ? RouteCredential.FunctionKey : endpoint.Metadata.GetMetadata<RequiredCredential>()?.Credential ?? RouteCredential.AdminKey;
        switch (required)
        {
            case RouteCredential.None:
                return next(http);
            case RouteCredential.FunctionsHost when hosting.UnderFunctionsHost:
                return next(http);
            case RouteCredential.AdminKey:
                var admin = AdminKeys.Presented(http.Request);
                if (adminKeys.IsValid(admin)) return next(http);
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return RefuseAsync(http, admin, "admin key", adminKeys.Configured ? AdminRefusal : AdminClosed);
            case RouteCredential.FunctionKey:
                var presented = FunctionKeys.Presented(http.Request);
                return keys.IsValid(presented) ? next(http) : RefuseAsync(http, presented, "function key", Refusal);
            default:
                // A host-only route outside the host (never mapped there; a guard, not a path).
                return RefuseAsync(http, null, "Functions host invocation", Refusal);
        }
    }

    private Task RefuseAsync(HttpContext http, string? presented, string credential, byte[] reply)
    {
        // A MediaServer configured with the wrong key shows up here, once per hook call. The path
        // only (a hook route or /api/...), never the query string or the key.
        Refused(http.Request.Method, Printable(http.Request.Path.Value), http.Connection.RemoteIpAddress?.ToString() ?? "-", string.IsNullOrEmpty(presented) ? "missing" : "wrong", credential);
        return ApiAnswers.JsonAsync(http, reply, StatusCodes.Status401Unauthorized);
    }

    private static string Printable(string? path) => HookLog.Printable(path is { Length: > 200 } ? path[..200] + "..." : path) ?? "";

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Method} {Path} from {ClientAddress}: refused (HTTP 401), {Key} {Credential}")]
    private partial void Refused(string method, string path, string clientAddress, string key, string credential);
}
