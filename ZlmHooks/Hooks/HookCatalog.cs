namespace ZlmHooks.Hooks;

/// <summary>
/// Every function ZlmHooks serves, in one list: the hooks, the operator API and the timers, each
/// added by the feature that owns it (<see cref="HookServiceCollectionExtensions"/>). Routes, the
/// function.json folders, the README table, MediaServer's [hook] section and the tests are all
/// derived from it: adding a hook is one definition in its feature and a test.
/// </summary>
public sealed class HookCatalog
{
    public HookCatalog(IEnumerable<Hook> hooks, IEnumerable<ApiFunction> apis, IEnumerable<TimerFunction> timers)
    {
        All = [.. hooks];
        Apis = [.. apis];
        Timers = [.. timers];
        var names = All.Select(h => h.Name).Concat(Apis.Select(a => a.Name)).Concat(Timers.Select(t => t.Name)).ToList();
        if (names.FirstOrDefault(n => names.Count(m => m == n) > 1) is { } twice)
            throw new InvalidOperationException($"the function '{twice}' is added to the catalog twice");
    }

    /// <summary>The hooks, in the order the features added them.</summary>
    public IReadOnlyList<Hook> All { get; }

    /// <summary>The operator endpoints: the admin API (reads and edits, behind the admin key) and the
    /// console's page; under the Functions host each is a function of its own.</summary>
    public IReadOnlyList<ApiFunction> Apis { get; }

    public IReadOnlyList<TimerFunction> Timers { get; }

    public Hook? Find(string name) => All.FirstOrDefault(h => h.Name == name);
}
