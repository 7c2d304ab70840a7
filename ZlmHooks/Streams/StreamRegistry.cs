using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Streams;

/// <summary>
/// What is live, on which server: one row per (mediaServerId, vhost, app, stream) in the table
/// <c>&lt;prefix&gt;streams</c>, built from on_stream_changed (docs/registry.md).
///
/// Order-safe: MediaServer sends each schema's change on its own connection, so they arrive out of
/// order, and retries arrive late. Each schema keeps the time its last change was first received
/// (a retry keeps its original arrival time); a change older than the schema's state is ignored, so
/// a late or retried unregister never removes a newer register. Every write is a read-modify-write
/// with the row's ETag, redone if another writer got there first, so concurrent hooks for one
/// stream never lose an update. The changes this instance receives for one stream at once are
/// written together, from the row it wrote last (<see cref="RowWriter"/>): one conditional write
/// for the six schemas of a starting stream, and no read.
///
/// A server's restart or exit touches no stream row: a schema first received before the server's
/// current lifetime began (<see cref="ServerLifetime.Boundary"/>) is dead, and so is every schema of a
/// server whose keepalives stopped. That is applied when a row is read, and a row's dead schemas
/// are dropped the next time it is written.
/// </summary>
public sealed class StreamRegistry(Tables tables, RowWriter rows, IServerLifetimes lifetimes, Microsoft.Extensions.Options.IOptions<RegistryOptions> options)
{
    public const string Table = "streams";

    public static string RowKey(string vhost, string app, string stream) =>
        $"{KeyEncoding.Encode(vhost)}|{KeyEncoding.Encode(app)}|{KeyEncoding.Encode(stream)}";

    /// <summary>Applies one schema's register or unregister received (first) at <paramref name="at"/>;
    /// false when it was older than what the registry already knows.</summary>
    public async Task<bool> ApplyAsync(StreamChangedRequest change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var server = change.MediaServerId ?? "unknown";
        var vhost = StreamHookRequest.VhostOrDefault(change.Vhost);
        var lifetime = await lifetimes.GetAsync(server, cancellationToken);
        // (0) First received before the server's current process started (or after it exited): a
        // change from a process that is gone.
        if (lifetime.Boundary is { } boundary && at < boundary) return false;
        // No cancellation for the write: a stream's concurrent changes share it (RowWriter).
        return await EditAsync(server, vhost, change.App!, change.Stream!, row =>
        {
            var schemas = Schemas(row);
            var wasOnline = row.GetBoolean("Online") ?? false;
            if (Prune(schemas, lifetime) && wasOnline && !schemas.Values.Any(s => s.On))
            {
                (row["OfflineAt"], row["OfflineReason"]) = (lifetime.Boundary, Ended(lifetime));
                wasOnline = false;
            }
            // (1) A change first received before the schema's last one is older than it: ignore.
            var schema = SchemaOf(change);
            if (schemas.TryGetValue(schema, out var known) && at < known.At) return false;

            var instance = row.GetInt64("InstanceStamp");
            // (2) An unregister (which carries no stamp) that arrives just after a new instance of the
            // stream registered this schema most likely belongs to the instance before: MediaServer
            // sent it first, on a slower connection. Ignore it within the settle time.
            if (change.Regist != true && known is { On: true } && known.Stamp == instance && row.GetBoolean("HadPrevious") == true
                && row.GetDateTimeOffset("InstanceSince") is { } since && at - since < TimeSpan.FromSeconds(options.Value.UnregisterSettleSeconds))
                return false;

            if (change.Regist == true)
            {
                if (change.CreateStamp is { } stamp && stamp > 0 && stamp != instance && (instance is null || stamp > instance))
                {
                    row["HadPrevious"] = instance is not null;
                    row["InstanceStamp"] = stamp;
                    row["InstanceSince"] = at;
                }
                schemas[schema] = new SchemaState(true, at, change.CreateStamp);
                row["OriginType"] = change.OriginType;
                row["OriginTypeStr"] = change.OriginTypeStr;
                row["OriginUrl"] = Redaction.Url(change.OriginUrl);
                if (change.TotalReaderCount is { } readers) row["Readers"] = readers;
                if (change.Tracks?.OfType<TrackInfo>().Take(16).ToList() is { Count: > 0 } tracks)
                    row["Tracks"] = JsonSerializer.Serialize(tracks.Select(Summary).ToList(), StreamsJson.Default.ListTrackSummary);
                if (change.CreateStamp > 0 && UnixTime.FromSeconds(change.CreateStamp) is { } created)
                    row["CreatedAt"] = created;
            }
            else
            {
                schemas[schema] = new SchemaState(false, at, known?.Stamp);
            }

            var online = schemas.Values.Any(s => s.On);
            row["Online"] = online;
            if (online && !wasOnline) { row["OfflineAt"] = null; row["OfflineReason"] = null; }
            if (!online && wasOnline) { row["OfflineAt"] = at; row["OfflineReason"] = "unregistered"; }
            row["Schemas"] = JsonSerializer.Serialize(schemas, StreamsJson.Default.DictionaryStringSchemaState);
            if ((row.GetDateTimeOffset("LastChange") ?? DateTimeOffset.MinValue) < at) row["LastChange"] = at;
            return true;
        });
    }

    public async Task<List<StreamEntry>> ListAsync(string? server, string? app, bool? online, CancellationToken cancellationToken)
    {
        var list = new List<StreamEntry>();
        var filters = new List<string>();
        if (server is not null) filters.Add(TableClient.CreateQueryFilter($"PartitionKey eq {KeyEncoding.Encode(server)}"));
        if (app is not null) filters.Add(TableClient.CreateQueryFilter($"App eq {app}"));
        // A row written online may be offline now (its server restarted since); one written offline stays so.
        if (online is true) filters.Add(TableClient.CreateQueryFilter($"Online eq true"));
        var known = new Dictionary<string, ServerLifetime>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in tables[Table].QueryAsync<TableEntity>(filters.Count == 0 ? null : string.Join(" and ", filters), cancellationToken: cancellationToken))
            {
                var id = ServerOf(row);
                if (!known.TryGetValue(id, out var lifetime)) known[id] = lifetime = await lifetimes.GetAsync(id, cancellationToken);
                var entry = Entry(row, lifetime);
                if (online is null || entry.Online == online) list.Add(entry);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404) { }
        return [.. list.OrderBy(s => s.MediaServerId, StringComparer.Ordinal).ThenBy(s => s.Vhost, StringComparer.Ordinal)
            .ThenBy(s => s.App, StringComparer.Ordinal).ThenBy(s => s.Stream, StringComparer.Ordinal)];
    }

    public async Task<StreamEntry?> GetAsync(string server, string vhost, string app, string stream, CancellationToken cancellationToken)
    {
        var row = await tables[Table].GetEntityIfExistsAsync<TableEntity>(KeyEncoding.Encode(server), RowKey(vhost, app, stream), cancellationToken: cancellationToken);
        return row.HasValue ? Entry(row.Value!, await lifetimes.GetAsync(ServerOf(row.Value!), cancellationToken)) : null;
    }

    private async Task<bool> EditAsync(string server, string vhost, string app, string stream, Func<TableEntity, bool> edit)
    {
        var table = tables[Table];
        var partition = KeyEncoding.Encode(server);
        var rowKey = RowKey(vhost, app, stream);
        return await rows.EditAsync(table, partition, rowKey,
            () => new TableEntity(partition, rowKey) { ["MediaServerId"] = server, ["Vhost"] = vhost, ["App"] = app, ["Stream"] = stream, ["Online"] = false },
            edit);
    }

    /// <summary>Turns off the schemas registered before the server's current lifetime; true when one
    /// was on. (A server that only missed keepalives may come back: its schemas are kept.)</summary>
    private static bool Prune(Dictionary<string, SchemaState> schemas, ServerLifetime lifetime)
    {
        var pruned = false;
        foreach (var (name, state) in schemas.ToList())
        {
            if (!state.On || Current(state, lifetime)) continue;
            schemas[name] = state with { On = false, At = lifetime.Boundary!.Value }; // not current: registered before the boundary
            pruned = true;
        }
        return pruned;
    }

    private static bool Current(SchemaState state, ServerLifetime lifetime) => lifetime.Boundary is not { } boundary || state.At >= boundary;

    private static bool Live(SchemaState state, ServerLifetime lifetime) => state.On && lifetime.Alive && Current(state, lifetime);

    /// <summary>Why a server's streams ended with its lifetime.</summary>
    private static string Ended(ServerLifetime lifetime, bool byBoundary = true) =>
        !byBoundary ? "server missing keepalives"
        : lifetime.ExitedAt is { } e && (lifetime.StartedAt is not { } s || e >= s) ? "server exited"
        : "server restarted";

    private static string ServerOf(TableEntity row) => row.GetString("MediaServerId") ?? KeyEncoding.Decode(row.PartitionKey);

    private static Dictionary<string, SchemaState> Schemas(TableEntity row) =>
        Read(row, "Schemas", StreamsJson.Default.DictionaryStringSchemaState) ?? new(StringComparer.Ordinal);

    /// <summary>A JSON column, or null when it is absent or unreadable (a row written by a broken
    /// version, or edited by hand): one bad row must not fail every later change of its stream.</summary>
    private static T? Read<T>(TableEntity row, string column, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        if (row.GetString(column) is not { Length: > 0 } json) return null;
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>MediaServer's schemas are short names (rtsp, hls.fmp4); anything longer is cut, so a
    /// made-up one cannot outgrow the row.</summary>
    private static string SchemaOf(StreamChangedRequest change) => change.Schema!.Length <= 32 ? change.Schema : change.Schema[..32];

    private static TrackSummary Summary(TrackInfo t) =>
        new(t.CodecIdName, t.CodecType == 0 ? "video" : t.CodecType == 1 ? "audio" : "other", t.Width, t.Height, t.Fps, t.SampleRate, t.Channels);

    /// <summary>The row as it stands in the server's current lifetime.</summary>
    private static StreamEntry Entry(TableEntity row, ServerLifetime lifetime)
    {
        var schemas = Schemas(row);
        var live = schemas.Where(s => Live(s.Value, lifetime)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var storedOnline = row.GetBoolean("Online") ?? false;
        // Online when written, but its server restarted, exited or went quiet since.
        var ended = storedOnline && live.Count == 0;
        var byBoundary = schemas.Values.Any(s => s.On && !Current(s, lifetime));
        return Entry(row) with
        {
            Online = storedOnline && live.Count > 0,
            Schemas = live,
            OfflineAt = ended ? (byBoundary ? lifetime.Boundary : lifetime.StatusSince) : row.GetDateTimeOffset("OfflineAt"),
            OfflineReason = ended ? Ended(lifetime, byBoundary) : row.GetString("OfflineReason"),
        };
    }

    private static StreamEntry Entry(TableEntity row) => new()
    {
        MediaServerId = ServerOf(row),
        Vhost = row.GetString("Vhost") ?? "",
        App = row.GetString("App") ?? "",
        Stream = row.GetString("Stream") ?? "",
        Online = row.GetBoolean("Online") ?? false,
        Schemas = [.. Schemas(row).Where(s => s.Value.On).Select(s => s.Key).Order(StringComparer.Ordinal)],
        OriginType = row.GetInt32("OriginType"),
        OriginTypeStr = row.GetString("OriginTypeStr"),
        OriginUrl = row.GetString("OriginUrl"),
        Readers = row.GetInt64("Readers"),
        Tracks = Read(row, "Tracks", StreamsJson.Default.ListTrackSummary),
        CreatedAt = row.GetDateTimeOffset("CreatedAt"),
        LastChange = row.GetDateTimeOffset("LastChange"),
        OfflineAt = row.GetDateTimeOffset("OfflineAt"),
        OfflineReason = row.GetString("OfflineReason"),
    };
}
