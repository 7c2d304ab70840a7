namespace ZlmHooks.Hooks;

/// <summary>
/// A status the app gives without a body (no such route, a wrong method) still answers in the hooks'
/// shape, so whoever calls sees a readable reason and a non-zero code. What <c>UseStatusCodePages</c>
/// does, without a feature object and a state machine on every answered hook (docs/benchmarks.md).
/// </summary>
internal sealed class StatusReplyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var call = next(http);
        if (!call.IsCompletedSuccessfully) return AfterAsync(http, call);
        return NeedsReply(http.Response) ? WriteAsync(http) : Task.CompletedTask;
    }

    private static async Task AfterAsync(HttpContext http, Task call)
    {
        await call;
        if (NeedsReply(http.Response)) await WriteAsync(http);
    }

    // The conditions UseStatusCodePages applies.
    private static bool NeedsReply(HttpResponse response) =>
        !response.HasStarted && response.StatusCode is >= 400 and < 600
        && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType);

    private static Task WriteAsync(HttpContext http)
    {
        var reason = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => "no such hook or route",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not accepted here: hooks are POSTed",
            var status => $"HTTP {status}",
        };
        return ApiAnswers.ProblemAsync(http, http.Response.StatusCode, reason);
    }
}
