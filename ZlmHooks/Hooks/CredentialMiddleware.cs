namespace ZlmHooks.Hooks;

/// <summary>
/// The standalone handler's credential check: routing has run, so it checks what the matched endpoint
/// names (<see cref="RequiredCredential"/>), never the path's spelling (<c>/API/rules</c>,
/// <c>/%41PI/rules</c> and <c>/api/rules</c> are one route and one check). A request that matched no
/// route needs the function key before it learns that (404, 405): nothing is opened.
/// </summary>
internal sealed class CredentialMiddleware(RequestDelegate next, CredentialCheck check)
{
    // Not async: a call with a good key goes straight on, without a state machine of its own.
    public Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        // No endpoint, or the framework's own for a wrong method (405): the function key. Every mapped
        // endpoint names its credential (RouteCredentialTests).
        var required = endpoint?.Metadata.GetMetadata<RequiredCredential>()?.Credential ?? RouteCredential.FunctionKey;
        return check.Refuse(http, required) ?? next(http);
    }
}
