using System.CommandLine;
using System.Text.Json;
using ZlmHooks.Recordings;

namespace ZlmHooks.Cli;

/// <summary><c>recordings list</c>: the recording catalog, the same answer as <c>GET /api/recordings</c>.</summary>
public static class RecordingsCommand
{
    public static Command Create(AdminServices admin)
    {
        var server = new Option<string?>("--server") { Description = "mediaServerId" };
        var vhost = new Option<string?>("--vhost") { Description = "vhost" };
        var app = new Option<string?>("--app") { Description = "app" };
        var stream = new Option<string?>("--stream") { Description = "stream" };
        var kind = new Option<string?>("--kind") { Description = "mp4 or ts" };
        kind.AcceptOnlyFromAmong(RecordingCatalog.KindMp4, RecordingCatalog.KindTs);
        var from = new Option<string?>("--from") { Description = "first day, yyyy-MM-dd (UTC)" };
        var to = new Option<string?>("--to") { Description = "last day, yyyy-MM-dd (UTC)" };
        var limit = new Option<int>("--limit") { Description = "most entries to print (1-1000)", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r => { if (r.GetValue(limit) is < 1 or > 1000) r.AddError("--limit must be 1-1000"); });

        var json = new Option<bool>("--json") { Description = "The JSON of GET /api/recordings instead of a table" };

        var list = admin.Action("list", "List catalogued recordings (a table; --json for the same answer as GET /api/recordings)", needsStorage: true, async (p, s, o, ct) =>
        {
            var filter = new RecordingFilter(p.GetValue(server), p.GetValue(vhost), p.GetValue(app), p.GetValue(stream), p.GetValue(from), p.GetValue(to), p.GetValue(kind), p.GetValue(limit));
            var found = await s.GetRequiredService<RecordingCatalog>().ListAsync(filter, ct);
            if (p.GetValue(json))
                await o.WriteLineAsync(JsonSerializer.Serialize(new RecordingList(found), RecordingsJson.Default.RecordingList));
            else
                await TextTable.WriteAsync(o, ["SERVER", "STREAM", "KIND", "START (UTC)", "SECONDS", "BYTES", "FILE"], [.. found.Select(Row)], "no recordings match");
        }, server, vhost, app, stream, kind, from, to, limit, json);
        return new Command("recordings", "The recording catalog in Blob Storage") { list };
    }

    private static string[] Row(Recording r) =>
    [
        r.MediaServerId ?? "-",
        (r.Vhost == Hooks.StreamHookRequest.DefaultVhost ? "" : r.Vhost + "/") + r.App + "/" + r.Stream,
        r.Kind,
        r.StartTimeUtc ?? r.Day,
        r.TimeLen is { } seconds ? seconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : "-",
        r.FileSize is { } bytes ? bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-",
        r.PlaybackUrl ?? r.Url ?? r.FileName ?? r.Blob,
    ];
}
