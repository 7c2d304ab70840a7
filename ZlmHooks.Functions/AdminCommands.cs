using System.CommandLine;
using ZlmHooks.Hooks;

namespace ZlmHooks;

/// <summary>The operator's command line, in the same binary as the handler.</summary>
public static class AdminCommands
{
    private static readonly string[] Names = ["catalog"];

    public static bool Handles(string first) => Names.Contains(first) || first is "--help" or "-h" or "help";

    public static Task<int> RunAsync(string[] args, TextWriter? output = null)
    {
        var root = new RootCommand("ZlmHooks: ZLMediaKit web-hook receiver. Run with no command to serve the hooks.");
        root.Subcommands.Add(Catalog());
        var config = new InvocationConfiguration();
        if (output is not null) config.Output = output;
        return root.Parse(args).InvokeAsync(config);
    }

    private static Command Catalog()
    {
        var rootOption = new Option<DirectoryInfo>("--root")
        {
            Description = "Repository root holding README.md and the function folders",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var sync = new Command("sync", "Write every hook's function.json and the README hooks table from the catalog") { rootOption };
        sync.SetAction(parse =>
        {
            var dir = parse.GetValue(rootOption)!;
            CatalogFiles.Sync(dir.FullName);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {HookCatalog.All.Count} function.json files and the README table under {dir.FullName}");
        });
        var list = new Command("list", "List the hooks this build answers");
        list.SetAction(parse =>
        {
            foreach (var hook in HookCatalog.All)
                parse.InvocationConfiguration.Output.WriteLine($"{hook.Name,-24} {hook.Kind,-13} /{hook.Route}");
        });
        return new Command("catalog", "The hooks this build answers") { sync, list };
    }
}
