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
        var json = new Option<bool>("--json") { Description = "The JSON of GET /api/streams instead of a table" };
        var list = admin.Action("list", "List the stream registry (a table; --json for the same answer as GET /api/streams)", needsStorage: true, async (p, s, o, ct) =>
        {
            var found = await s.GetRequiredService<StreamRegistry>().ListAsync(p.GetValue(server), p.GetValue(app), p.GetValue(online), ct);
            if (p.GetValue(json))
                await o.WriteLineAsync(JsonSerializer.Serialize(new StreamList(found), StreamsJson.Default.StreamList));
            else
                await TextTable.WriteAsync(o, ["SERVER", "STREAM", "STATUS", "SCHEMAS", "TRACKS", "SINCE"], [.. found.Select(Row)], "no streams");
        }, server, app, online, json);
        return new Command("streams", "The live stream registry") { list };
    }

    private static string[] Row(StreamEntry e) =>
    [
        e.MediaServerId,
        (e.Vhost == Hooks.StreamHookRequest.DefaultVhost ? "" : e.Vhost + "/") + e.App + "/" + e.Stream,
        e.Online ? "online" : "offline" + (e.OfflineReason is { Length: > 0 } why ? $" ({why})" : ""),
        e.Schemas.Count == 0 ? "-" : string.Join(",", e.Schemas),
        e.Tracks is { Count: > 0 } tracks ? string.Join(" ", tracks.Select(Track)) : "-",
        TextTable.Time(e.Online ? e.CreatedAt ?? e.LastChange : e.OfflineAt),
    ];

    private static string Track(TrackSummary t) => t switch
    {
        { Width: > 0, Height: > 0 } => $"{t.Codec ?? t.Type} {t.Width}x{t.Height}" + (t.Fps is > 0 and var fps ? $"@{fps:0.##}" : ""),
        { SampleRate: > 0 } => $"{t.Codec ?? t.Type} {t.SampleRate / 1000.0:0.#}kHz",
        _ => t.Codec ?? t.Type,
    };
}
