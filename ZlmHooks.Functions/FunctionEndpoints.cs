using Microsoft.AspNetCore.Routing.Template;
using ZlmHooks.Hooks;

namespace ZlmHooks.Functions;

/// <summary>
/// The endpoints the standalone handler routes (<see cref="ZlmHooksApp.MapZlmHooks"/>), by function
/// name, for the worker's functions to run: each call checks the endpoint's credential
/// (<see cref="CredentialCheck"/>, the same check), gets its route values from the endpoint's own
/// template, and runs the same request delegate. So a hook answers byte for byte as it does on the
/// standalone handler, and no policy lives in a middleware only one host has.
/// </summary>
public sealed class FunctionEndpoints
{
    private readonly Dictionary<string, Entry> _byName;
    private readonly CredentialCheck _check;

    public FunctionEndpoints(IServiceProvider services, CredentialCheck check)
    {
        _check = check;
        var routes = new CollectedRoutes(services);
        routes.MapZlmHooks();
        _byName = routes.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName))
            .Where(e => e.Name is not null)
            .ToDictionary(e => e.Name!, e => new Entry(
                e.Endpoint.RequestDelegate!,
                e.Endpoint.Metadata.GetMetadata<RequiredCredential>()?.Credential ?? RouteCredential.AdminKey,
                new TemplateMatcher(TemplateParser.Parse(e.Endpoint.RoutePattern.RawText!.TrimStart('/')), new RouteValueDictionary())),
                StringComparer.Ordinal);
    }

    /// <summary>The functions that have an endpoint (those switched off by their app setting have none).</summary>
    public IReadOnlyCollection<string> Names => _byName.Keys;

    public async Task<IResult> RunAsync(string function, HttpRequest request)
    {
        var http = request.HttpContext;
        if (!_byName.TryGetValue(function, out var entry))
        {
            // Switched off (AzureWebJobs.<name>.Disabled) while the host still routes to it.
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Results.Empty;
        }
        if (_check.Refuse(http, entry.Credential) is { } refusal)
        {
            await refusal;
            return Results.Empty;
        }
        var values = new RouteValueDictionary();
        if (entry.Route.TryMatch(http.Request.Path, values)) http.Request.RouteValues = values;
        await entry.Run(http);
        // The endpoint has written the answer; nothing more to execute.
        return Results.Empty;
    }

    private sealed record Entry(RequestDelegate Run, RouteCredential Credential, TemplateMatcher Route);

    /// <summary>Collects what <see cref="ZlmHooksApp.MapZlmHooks"/> maps, without a web pipeline of its own.</summary>
    private sealed class CollectedRoutes(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;
        public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();
        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
    }
}
