using System.CommandLine;
using ZlmHooks.Hooks;

namespace ZlmHooks.Cli;

/// <summary><c>catalog list|sync</c>: the functions this build serves, and the files derived from them.</summary>
public static class CatalogCommand
{
    public static Command Create(AdminServices admin)
    {
        var root = new Option<DirectoryInfo>("--root")
        {
            Description = "Repository root holding README.md and docs/",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var sync = admin.Action("sync", "Write the README hooks table and the docs' route tables from the catalog", needsStorage: false, async (p, s, o, ct) =>
        {
            var files = s.GetRequiredService<CatalogFiles>();
            var dir = p.GetValue(root)!;
            files.Sync(dir.FullName);
            await o.WriteLineAsync($"wrote the README hooks table and the route tables of docs/admin-api.md and docs/security.md under {dir.FullName}");
        }, root);
        var list = admin.Action("list", "List the hooks this build answers", needsStorage: false, async (p, s, o, ct) =>
        {
            foreach (var hook in s.GetRequiredService<HookCatalog>().All)
                await o.WriteLineAsync($"{hook.Name,-24} {hook.Kind,-13} /{hook.Route}");
        });
        return new Command("catalog", "The hooks this build answers") { sync, list };
    }
}
