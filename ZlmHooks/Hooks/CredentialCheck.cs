using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>
/// The one check of a route's credential (<see cref="RouteCredential"/>), run by both hosts: by
/// <see cref="CredentialMiddleware"/> after routing in the standalone handler, and by each function of
/// the isolated worker before its endpoint. Refusals are HTTP 401 in the hooks' JSON shape, logged
/// once with the path only (never the query string or the key).
/// </summary>
public sealed partial class CredentialCheck(FunctionKeys keys, AdminKeys adminKeys, HostingEnvironment hosting, ILogger<CredentialCheck> logger)
{
    private static readonly byte[] Refusal = """{"code":-1,"msg":"missing or invalid function key (?code= or x-functions-key)"}"""u8.ToArray();
    private static readonly byte[] AdminRefusal = """{"code":-1,"msg":"missing or invalid admin key (Authorization: Bearer <key>, one of ZlmHooks__AdminKeys); the function key does not open the admin API"}"""u8.ToArray();
    private static readonly byte[] AdminClosed = """{"code":-1,"msg":"the admin API is closed: no admin key is configured (ZlmHooks__AdminKeys)"}"""u8.ToArray();

    /// <summary>Null when the request may go on; otherwise the refusal, being written.</summary>
    public Task? Refuse(HttpContext http, RouteCredential required)
    {
        switch (required)
        {
            case RouteCredential.None:
                return null;
            case RouteCredential.FunctionsHost when hosting.UnderFunctionsHost:
                return null;
            case RouteCredential.AdminKey:
                var admin = AdminKeys.Presented(http.Request);
                if (adminKeys.IsValid(admin)) return null;
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return RefuseAsync(http, admin, "admin key", adminKeys.Configured ? AdminRefusal : AdminClosed);
            case RouteCredential.FunctionKey:
                var presented = FunctionKeys.Presented(http.Request);
                return keys.IsValid(presented) ? null : RefuseAsync(http, presented, "function key", Refusal);
            default:
                // A host-only route outside the host (never mapped there; a guard, not a path).
                return RefuseAsync(http, null, "Functions host invocation", Refusal);
        }
    }

    private Task RefuseAsync(HttpContext http, string? presented, string credential, byte[] reply)
    {
        // A MediaServer configured with the wrong key shows up here, once per hook call.
        Refused(http.Request.Method, Printable(http.Request.Path.Value), http.Connection.RemoteIpAddress?.ToString() ?? "-", string.IsNullOrEmpty(presented) ? "missing" : "wrong", credential);
        return ApiAnswers.JsonAsync(http, reply, StatusCodes.Status401Unauthorized);
    }

    private static string Printable(string? path) => HookLog.Printable(path is { Length: > 200 } ? path[..200] + "..." : path) ?? "";

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Method} {Path} from {ClientAddress}: refused (HTTP 401), {Key} {Credential}")]
    private partial void Refused(string method, string path, string clientAddress, string key, string credential);
}
