using System.Globalization;
using System.Text.Json;

namespace ZlmHooks.Streams;

/// <summary>
/// What a server has live now, with its readers, from its own REST API (<c>getMediaList</c>) when the
/// settings name it (<c>ZlmHooks__Registry__MediaServers__&lt;id&gt;__ApiBase</c> and <c>__Secret</c>):
/// MediaServer sends no hook per player, so the registry knows readers only as of a registration.
/// Asked by the console, never on a hook's path.
/// </summary>
public sealed class LiveMediaReader(MediaServerRest rest)
{
    public async Task<LiveMediaList> ListAsync(string server, CancellationToken cancellationToken)
    {
        if (rest.For(server) is not { } api)
            return new(server, false, $"no API address for '{server}' (ZlmHooks__Registry__MediaServers__<id>__ApiBase and __Secret): readers as of the last registration", []);
        var answer = await rest.CallAsync(api, "getMediaList", new Dictionary<string, string?>(), cancellationToken);
        if (!answer.Succeeded)
            return new(server, false, answer.Failure ?? $"getMediaList answered code {answer.Code}", []);
        var streams = new Dictionary<(string, string, string), (SortedSet<string> Schemas, long Readers, long? Alive, long? Speed)>();
        if (answer.Data is { ValueKind: JsonValueKind.Array } data)
        {
            foreach (var item in data.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                var key = (Text(item, "vhost") ?? "__defaultVhost__", Text(item, "app") ?? "", Text(item, "stream") ?? "");
                if (!streams.TryGetValue(key, out var s)) s = (new SortedSet<string>(StringComparer.Ordinal), 0, null, null);
                if (Text(item, "schema") is { } schema) s.Schemas.Add(schema);
                // totalReaderCount is the stream's, repeated in each schema's entry; readerCount is the schema's.
                var total = Number(item, "totalReaderCount");
                s.Readers = total is { } t ? Math.Max(s.Readers, t) : s.Readers + (Number(item, "readerCount") ?? 0);
                s.Alive ??= Number(item, "aliveSecond");
                s.Speed = Number(item, "bytesSpeed") is { } b ? Math.Max(s.Speed ?? 0, b) : s.Speed;
                streams[key] = s;
            }
        }
        return new(server, true, null, [.. streams.OrderBy(kv => kv.Key)
            .Select(kv => new LiveMedia(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, [.. kv.Value.Schemas], kv.Value.Readers, kv.Value.Alive, kv.Value.Speed))]);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null } : null;

    // MediaServer's numbers may come as strings (the captures show both).
    private static long? Number(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.Number ? v.TryGetInt64(out var n) : long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n))
            ? n
            : null;
}
