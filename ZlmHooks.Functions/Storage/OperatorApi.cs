using ZlmHooks.Hooks;

namespace ZlmHooks.Storage;

/// <summary>
/// The operator's read API (<c>/api/*</c>): behind the function key like every route, each endpoint a
/// function of the catalog (so it gets a function.json), switched off by its app setting like a
/// hook, and one rule for all of it: without storage configured every endpoint answers 503 with a
/// JSON reason, since all it does is read storage.
/// </summary>
public sealed class OperatorApi(IEndpointRouteBuilder routes)
{
    private readonly bool _storage = StorageSetup.IsConfigured(routes.ServiceProvider.GetRequiredService<IConfiguration>());
    private readonly IConfiguration _configuration = routes.ServiceProvider.GetRequiredService<IConfiguration>();

    public const string NoStorage = "storage is not configured (ZlmHooks__Storage__Connection or __Account)";

    public OperatorApi Map(ApiFunction api, RequestDelegate handler)
    {
        if (HookEndpointRouteBuilderExtensions.IsDisabled(_configuration, api.Name)) return this;
        var guarded = _storage ? handler : http => ApiAnswers.ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, NoStorage);
        routes.MapMethods("/" + api.Route, [api.Method.ToUpperInvariant()], guarded).WithName(api.Name);
        return this;
    }
}
