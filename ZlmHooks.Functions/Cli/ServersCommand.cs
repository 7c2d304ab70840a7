using System.CommandLine;
using System.Text.Json;
using ZlmHooks.Servers;

namespace ZlmHooks.Cli;

/// <summary><c>servers list</c>: media server health, the same answer as <c>GET /api/servers</c>.</summary>
public static class ServersCommand
{
    public static Command Create(AdminServices admin)
    {
        var list = admin.Action("list", "List media server health as JSON (the same answer as GET /api/servers)", needsStorage: true, async (p, s, o, ct) =>
        {
            var found = await s.GetRequiredService<ServerHealth>().ListAsync(ct);
            await o.WriteLineAsync(JsonSerializer.Serialize(new ServerList(found), ServersJson.Default.ServerList));
        });
        return new Command("servers", "Media server health") { list };
    }
}
