namespace ZlmHooks.Hooks;

/// <summary>A key-protected read endpoint for operators. Under the Functions host every route needs
/// a function, so these get function.json folders beside the hooks.</summary>
public sealed record ApiFunction(string Name, string Route, string Method, string Summary);
