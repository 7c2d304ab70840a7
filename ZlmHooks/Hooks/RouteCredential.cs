namespace ZlmHooks.Hooks;

/// <summary>Which credential opens a route. Each endpoint carries its own (<see cref="RequiredCredential"/>,
/// set where it is mapped, from the catalog), so how a path is spelled (case, percent-encoding,
/// doubled slashes) can never change which check applies: only the route that matched decides.</summary>
public enum RouteCredential
{
    /// <summary>Open: the host's probe, <c>/healthz</c>, the console's page (it holds no data).</summary>
    None,

    /// <summary>A hook: the function key (checked by the Functions host in Azure, by the handler elsewhere).</summary>
    FunctionKey,

    /// <summary>The operator API: the admin key, checked by the handler wherever it runs.</summary>
    AdminKey,

    /// <summary>A timer invocation from the Functions host over its private port; mapped only there.</summary>
    FunctionsHost,
}
