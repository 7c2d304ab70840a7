using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;
using ZlmHooks.Streams;

namespace ZlmHooks.Servers;

/// <summary>
/// Media server health in the table <c>&lt;prefix&gt;servers</c> (one row per mediaServerId), from
/// on_server_started, on_server_keepalive and on_server_exited. Times only move forward, so a late
/// keepalive cannot undo an exit that came after it.
///
/// A restart or an exit writes this one row and nothing else: the row is the server's lifetime
/// (<see cref="IServerLifetimes"/>), and the stream registry reads a stream registered before it as
/// offline. So a restart costs the same with ten streams or ten thousand.
/// </summary>
public sealed class ServerHealth(Tables tables, RowCache rows, RowWriter writer, IOptions<RegistryOptions> options, TimeProvider clock) : IServerLifetimes, IDisposable
{
    public void Dispose() => _unknown.Dispose();

    /// <summary>How long another instance's view of a server's lifetime may be behind: a restart seen
    /// by one instance reaches the others' event ids and registry writes within this.</summary>
    public static readonly TimeSpan LifetimeFreshFor = TimeSpan.FromSeconds(2);

    /// <summary>Servers without a row (no server hook seen), remembered as briefly as rows are; bounded,
    /// since a mediaServerId is whatever the sender says.</summary>
    private readonly MemoryCache _unknown = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public const string Table = "servers";
    private const string Partition = "server";

    // The writes take no cancellation: a row's concurrent edits share one write (RowWriter), which one
    // caller giving up must not cancel for the others.
    /// <param name="address">Where the call came from.</param>
    /// <param name="agent">The sender's User-Agent: MediaServer's build.</param>
    public async Task StartedAsync(string server, IReadOnlyDictionary<string, string?> redactedConfig, DateTimeOffset at, string? address = null, string? agent = null)
    {
        var summary = ServerSummary.Of(redactedConfig);
        var interval = redactedConfig.TryGetValue("hook.alive_interval", out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : options.Value.DefaultAliveInterval;
        var canonical = string.Join('\n', redactedConfig.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        await EditAsync(server, row =>
        {
            // A late retry of an older start (or two instances answering out of order) never undoes
            // a newer start's settings: only the newest start writes them.
            if ((row.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue) > at) return;
            row["StartedAt"] = at;
            row["AliveInterval"] = interval;
            row["ConfigDigest"] = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
            row["Config"] = summary;
            row["Address"] = address;
            row["Version"] = ServerSummary.Version(agent);
        });
    }

    public Task KeepaliveAsync(string server, DateTimeOffset at) => EditAsync(server, row => Later(row, "LastKeepalive", at));

    public Task ExitedAsync(string server, DateTimeOffset at) => EditAsync(server, row => Later(row, "ExitedAt", at));

    /// <summary>The server's lifetime from this instance's copy of its row when that is recent, else
    /// from a read; when the read fails, from the copy however old, else unknown.</summary>
    public async ValueTask<ServerLifetime> GetAsync(string mediaServerId, CancellationToken cancellationToken)
    {
        var table = tables[Table];
        var rowKey = KeyEncoding.Encode(mediaServerId);
        var cached = rows.TryGet(table, Partition, rowKey, out var row, out var at);
        if (cached && clock.GetUtcNow() - at < LifetimeFreshFor) return Lifetime(Entry(row!));
        if (!cached && _unknown.Get(rowKey) is DateTimeOffset absentAt && clock.GetUtcNow() - absentAt < LifetimeFreshFor) return ServerLifetime.Unknown;
        try
        {
            var read = await table.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken);
            if (!read.HasValue)
            {
                _unknown.Set(rowKey, clock.GetUtcNow(), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = LifetimeFreshFor });
                return ServerLifetime.Unknown;
            }
            rows.Set(table, read.Value!);
            return Lifetime(Entry(read.Value!));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unknown is safe: ids stay distinct by hook_index, and no stream is taken for dead.
            return cached ? Lifetime(Entry(row!)) : ServerLifetime.Unknown;
        }
    }

    private ServerLifetime Lifetime(ServerEntry s) => new(s.StartedAt, s.ExitedAt, s.Status, s.Status switch
    {
        "exited" => s.ExitedAt,
        "missing" => Max(s.StartedAt, s.LastKeepalive)?.AddSeconds(options.Value.MissedKeepalives * s.AliveInterval),
        _ => null,
    });

    /// <summary>One server's health, read by its key; null when it has sent no server hook.</summary>
    public async Task<ServerEntry?> FindAsync(string mediaServerId, CancellationToken cancellationToken)
    {
        try
        {
            var read = await tables[Table].GetEntityIfExistsAsync<TableEntity>(Partition, KeyEncoding.Encode(mediaServerId), cancellationToken: cancellationToken);
            return read.HasValue ? Entry(read.Value!) : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<List<ServerEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<ServerEntry>();
        try
        {
            await foreach (var row in tables[Table].QueryAsync<TableEntity>(cancellationToken: cancellationToken))
                list.Add(Entry(row));
        }
        catch (RequestFailedException e) when (e.Status == 404) { }
        return [.. list.OrderBy(s => s.MediaServerId, StringComparer.Ordinal)];
    }

    private ServerEntry Entry(TableEntity row)
    {
        var started = row.GetDateTimeOffset("StartedAt");
        var alive = row.GetDateTimeOffset("LastKeepalive");
        var exited = row.GetDateTimeOffset("ExitedAt");
        var interval = row.GetDouble("AliveInterval") ?? options.Value.DefaultAliveInterval;
        var last = Max(started, alive);
        var status = exited is { } e && (last is null || e >= last)
            ? "exited"
            : last is { } l && clock.GetUtcNow() - l <= TimeSpan.FromSeconds(options.Value.MissedKeepalives * interval) ? "online" : "missing";
        return new ServerEntry
        {
            MediaServerId = row.GetString("MediaServerId") ?? KeyEncoding.Decode(row.RowKey),
            Status = status,
            StartedAt = started,
            LastKeepalive = alive,
            ExitedAt = exited,
            AliveInterval = interval,
            ConfigDigest = row.GetString("ConfigDigest"),
            Address = row.GetString("Address"),
            Version = row.GetString("Version"),
            Config = ServerSummary.Read(row.GetString("Config")),
        };
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static void Later(TableEntity row, string column, DateTimeOffset at)
    {
        if ((row.GetDateTimeOffset(column) ?? DateTimeOffset.MinValue) < at) row[column] = at;
    }

    private async Task EditAsync(string server, Action<TableEntity> edit)
    {
        var table = tables[Table];
        var rowKey = KeyEncoding.Encode(server);
        await writer.EditAsync(table, Partition, rowKey, () => new TableEntity(Partition, rowKey) { ["MediaServerId"] = server },
            row => { edit(row); return true; });
    }
}
