namespace ZlmHooks.Hooks;

/// <summary>An operator endpoint (the admin API, the console's page). Under the Functions host every
/// route needs a function, so each is one beside the hooks; anonymous to the host, whose keys
/// MediaServer's log shows: the handler checks <see cref="Credential"/> itself, wherever it runs.</summary>
public sealed record ApiFunction(string Name, string Route, string Method, string Summary)
{
    /// <summary>What opens it: the admin key unless said otherwise.</summary>
    public RouteCredential Credential { get; init; } = RouteCredential.AdminKey;
}
