namespace ZlmHooks.Hooks;

/// <summary>How a feature maps its hooks to their routes.</summary>
public static class HookEndpointRouteBuilderExtensions
{
    /// <summary>Maps each hook to its route (POST), except those switched off with the Functions app
    /// setting <c>AzureWebJobs.&lt;hook&gt;.Disabled=true</c> (404, as the host answers).</summary>
    public static IEndpointRouteBuilder MapHooks(this IEndpointRouteBuilder routes, IEnumerable<Hook> hooks)
    {
        var configuration = routes.ServiceProvider.GetRequiredService<IConfiguration>();
        foreach (var hook in hooks)
        {
            if (IsDisabled(configuration, hook.Name)) continue;
            routes.MapPost("/" + hook.Route, hook.CreateEndpoint(routes.ServiceProvider)).WithName(hook.Name).RequireCredential(RouteCredential.FunctionKey);
        }
        return routes;
    }

    /// <summary>The Functions host's own switch for one function, honoured when the handler runs on its own too.</summary>
    public static bool IsDisabled(IConfiguration configuration, string function) =>
        bool.TryParse(configuration[$"AzureWebJobs.{function}.Disabled"] ?? configuration[$"AzureWebJobs:{function}:Disabled"], out var disabled) && disabled;
}
