using System.Text.Json;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Issue 30: the isolated worker's [Function]s, the catalog and the custom handler's generated
/// function.json files say the same thing (names, routes, methods, auth levels, the timer's schedule),
/// so none can drift. The worker's own build wrote functions.metadata; it is read as the host reads it.</summary>
public sealed class WorkerFunctionsTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string WorkerOutput => Path.Combine(Repo.Root, "ZlmHooks.Functions", "bin", Configuration, "net10.0");

    private sealed record Trigger(string Type, string? AuthLevel, string[] Methods, string? Route, string? Schedule);

    private static Dictionary<string, Trigger> Metadata()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkerOutput, "functions.metadata")));
        return json.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f =>
            {
                var b = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");
                string? Text(string name) => b.TryGetProperty(name, out var v) ? v.GetString() : null;
                return new Trigger(b.GetProperty("type").GetString()!, Text("authLevel"),
                    b.TryGetProperty("methods", out var m) ? [.. m.EnumerateArray().Select(x => x.GetString()!)] : [], Text("route"), Text("schedule"));
            });
    }

    private static Trigger FromFunctionJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var b = doc.RootElement.GetProperty("bindings")[0];
        string? Text(string name) => b.TryGetProperty(name, out var v) ? v.GetString() : null;
        return new Trigger(b.GetProperty("type").GetString()!, Text("authLevel"),
            b.TryGetProperty("methods", out var m) ? [.. m.EnumerateArray().Select(x => x.GetString()!)] : [], Text("route"), Text("schedule"));
    }

    [Fact]
    public void The_workers_functions_the_catalog_and_the_generated_function_json_files_agree()
    {
        var worker = Metadata();
        var catalog = TestCatalog.Hooks;
        Assert.Equal(catalog.All.Count + catalog.Apis.Count + catalog.Timers.Count, worker.Count);
        var generated = TestCatalog.Files.Functions().ToDictionary(f => f.Name, f => FromFunctionJson(f.Json));
        Assert.Equal(generated.Keys.Order(), worker.Keys.Order());

        foreach (var hook in catalog.All)
            Assert.Equal(new Trigger("httpTrigger", "Function", ["post"], hook.Route, null), worker[hook.Name], TriggerComparer.Instance);
        foreach (var api in catalog.Apis)
            Assert.Equal(new Trigger("httpTrigger", "Anonymous", [api.Method], api.Route, null), worker[api.Name], TriggerComparer.Instance);
        foreach (var timer in catalog.Timers)
            Assert.Equal(new Trigger("timerTrigger", null, [], null, timer.Schedule), worker[timer.Name], TriggerComparer.Instance);
        // The custom handler's function.json says the same, in its own spelling (lower-case levels).
        foreach (var (name, trigger) in worker)
            Assert.Equal(trigger with { AuthLevel = trigger.AuthLevel?.ToLowerInvariant() }, generated[name], TriggerComparer.Instance);
    }

    [Fact]
    public void The_worker_build_is_a_function_app_with_no_function_json()
    {
        foreach (var file in new[] { "functions.metadata", "worker.config.json", "host.json", "ZlmHooks.Functions.dll" })
            Assert.True(File.Exists(Path.Combine(WorkerOutput, file)), $"{file} is not in the worker's build output");
        Assert.Empty(Directory.GetFiles(WorkerOutput, "function.json", SearchOption.AllDirectories));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkerOutput, "worker.config.json")));
        Assert.Equal("dotnet-isolated", config.RootElement.GetProperty("description").GetProperty("language").GetString());
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "host.json")), File.ReadAllText(Path.Combine(WorkerOutput, "host.json")));
    }

    private sealed class TriggerComparer : IEqualityComparer<Trigger>
    {
        public static readonly TriggerComparer Instance = new();
        public bool Equals(Trigger? x, Trigger? y) => x is not null && y is not null && x.Type == y.Type && x.AuthLevel == y.AuthLevel
            && x.Methods.Select(m => m.ToLowerInvariant()).SequenceEqual(y.Methods.Select(m => m.ToLowerInvariant())) && x.Route == y.Route && x.Schedule == y.Schedule;
        public int GetHashCode(Trigger obj) => obj.Type.GetHashCode(StringComparison.Ordinal);
    }
}
