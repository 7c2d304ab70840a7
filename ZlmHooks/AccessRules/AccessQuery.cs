namespace ZlmHooks.AccessRules;

/// <summary>Everything a rule can be matched against, taken from one hook call.</summary>
public sealed record AccessQuery(
    string Action,
    string Vhost,
    string App,
    string Stream,
    string? MediaServerId,
    string? Schema,
    string? Protocol,
    string? Ip,
    string? Params,
    DateTimeOffset Now,
    string? Path = null);
