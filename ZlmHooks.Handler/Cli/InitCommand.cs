using System.CommandLine;
using ZlmHooks.Storage;

namespace ZlmHooks.Cli;

/// <summary><c>init</c>: creates the tables, the recordings container and the local event queue
/// (what the Bicep creates in Azure). <c>./run.sh</c> runs it; it is safe to run again.</summary>
public static class InitCommand
{
    public static Command Create(AdminServices admin) =>
        admin.Action("init", "Create the tables, container and queue the handler uses (Azurite, a self-hosted account; the Bicep does this in Azure)", needsStorage: true, async (p, s, o, ct) =>
        {
            var ready = await s.GetRequiredService<StorageInitializer>().CreateAllAsync(ct);
            await o.WriteLineAsync($"ready: {string.Join(", ", ready)}");
        });
}
