using System.CommandLine;
using System.Text.Json;
using ZlmHooks.Servers;

namespace ZlmHooks.Cli;

/// <summary><c>servers list</c>: media server health, the same answer as <c>GET /api/servers</c>.</summary>
public static class ServersCommand
{
    public static Command Create(AdminServices admin)
    {
        var json = new Option<bool>("--json") { Description = "The JSON of GET /api/servers instead of a table" };
        var list = admin.Action("list", "List media server health (a table; --json for the same answer as GET /api/servers)", needsStorage: true, async (p, s, o, ct) =>
        {
            var found = await s.GetRequiredService<ServerHealth>().ListAsync(ct);
            if (p.GetValue(json))
                await o.WriteLineAsync(JsonSerializer.Serialize(new ServerList(found), ServersJson.Default.ServerList));
            else
                await TextTable.WriteAsync(o, ["SERVER", "STATUS", "STARTED", "LAST KEEPALIVE", "EXITED"],
                    [.. found.Select(e => new[] { e.MediaServerId, e.Status, TextTable.Time(e.StartedAt), TextTable.Time(e.LastKeepalive), TextTable.Time(e.ExitedAt) })],
                    "no servers yet (a MediaServer appears with its first on_server_started or keepalive)");
        }, json);
        return new Command("servers", "Media server health") { list };
    }
}
