using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>Guards every route except the host's liveness probe (<c>GET /</c>) and <c>/healthz</c>.</summary>
internal sealed class FunctionKeyMiddleware(RequestDelegate next, FunctionKeys keys, HostingEnvironment hosting, HookCatalog catalog)
{
    private static readonly byte[] Refusal = """{"code":-1,"msg":"missing or invalid function key (?code= or x-functions-key)"}"""u8.ToArray();

    // Timer invocations come from the Functions host over its loopback port, without a key.
    private bool IsTimerInvocation(PathString path) =>
        hosting.UnderFunctionsHost && catalog.Timers.Any(t => path.Equals("/" + t.Name, StringComparison.Ordinal));

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (path == "/" || path == "/healthz" || IsTimerInvocation(path) || keys.IsValid(FunctionKeys.Presented(http.Request)))
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = Refusal.Length;
        await http.Response.Body.WriteAsync(Refusal, http.RequestAborted);
    }
}
