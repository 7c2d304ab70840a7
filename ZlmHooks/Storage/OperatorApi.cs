using ZlmHooks.Hooks;

namespace ZlmHooks.Storage;

/// <summary>
/// The operator API (<c>/api/*</c>, reads and edits): each endpoint a function of the catalog, opened
/// by the credential its catalog entry names (the admin key), switched off by its app setting like a
/// hook, and one rule for all of it: without storage configured every endpoint answers 503 with a
/// JSON reason, since all it does is read and write storage.
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
        routes.MapMethods("/" + api.Route, [api.Method.ToUpperInvariant()], guarded).WithName(api.Name).RequireCredential(api.Credential);
        return this;
    }
}
