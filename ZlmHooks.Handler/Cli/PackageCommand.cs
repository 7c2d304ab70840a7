using System.CommandLine;
using ZlmHooks.Deployment;

namespace ZlmHooks.Cli;

/// <summary><c>package</c>: the zip Azure Functions runs (infra/package.sh calls it).</summary>
public static class PackageCommand
{
    public static Command Create(AdminServices admin)
    {
        var publishDir = new Option<DirectoryInfo>("--publish-dir") { Description = "Output of infra/publish.sh (the Native AOT handler)", Required = true };
        var hostJson = new Option<FileInfo>("--host-json") { Description = "host.json to put at the root", DefaultValueFactory = _ => new FileInfo("host.json") };
        var output = new Option<FileInfo>("--output") { Description = "The zip to write", Required = true };
        return admin.Action("package", "Assemble the zip Azure Functions runs (infra/package.sh calls this)", needsStorage: false, async (p, s, o, ct) =>
        {
            AppPackage.Create(s.GetRequiredService<Hooks.CatalogFiles>(), p.GetValue(hostJson)!.FullName, p.GetValue(publishDir)!.FullName, p.GetValue(output)!.FullName);
            await o.WriteLineAsync($"wrote {p.GetValue(output)!.FullName}");
        }, publishDir, hostJson, output);
    }
}
