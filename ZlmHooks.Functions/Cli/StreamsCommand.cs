using System.CommandLine;
using System.Text.Json;
using ZlmHooks.Streams;

namespace ZlmHooks.Cli;

/// <summary><c>streams list</c>: the stream registry, the same answer as <c>GET /api/streams</c>.</summary>
public static class StreamsCommand
{
    public static Command Create(AdminServices admin)
    {
        var server = new Option<string?>("--server") { Description = "mediaServerId" };
        var app = new Option<string?>("--app") { Description = "app" };
        var online = new Option<bool?>("--online") { Description = "true or false" };
        var list = admin.Action("list", "List the stream registry as JSON (the same answer as GET /api/streams)", needsStorage: true, async (p, s, o, ct) =>
        {
            var found = await s.GetRequiredService<StreamRegistry>().ListAsync(p.GetValue(server), p.GetValue(app), p.GetValue(online), ct);
            await o.WriteLineAsync(JsonSerializer.Serialize(new StreamList(found), StreamsJson.Default.StreamList));
        }, server, app, online);
        return new Command("streams", "The live stream registry") { list };
    }
}
