using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;
using ZlmHooks.Streams;

namespace ZlmHooks.Servers;

/// <summary>
/// Media server health in the table <c>&lt;prefix&gt;servers</c> (one row per mediaServerId), from
/// on_server_started, on_server_keepalive and on_server_exited. Times only move forward, so a late
/// keepalive cannot undo an exit that came after it. A restart marks the server's streams offline.
/// </summary>
public sealed class ServerHealth(Tables tables, StreamRegistry streams, IOptions<RegistryOptions> options, TimeProvider clock)
{
    public const string Table = "servers";
    private const string Partition = "server";

    public async Task StartedAsync(string server, IReadOnlyDictionary<string, string?> redactedConfig, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var interval = redactedConfig.TryGetValue("hook.alive_interval", out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : options.Value.DefaultAliveInterval;
        var canonical = string.Join('\n', redactedConfig.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        await EditAsync(server, row =>
        {
            Later(row, "StartedAt", at);
            row["AliveInterval"] = interval;
            row["ConfigDigest"] = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
        }, cancellationToken);
        await streams.MarkServerOfflineAsync(server, at, "server restarted", cancellationToken);
    }

    public Task KeepaliveAsync(string server, DateTimeOffset at, CancellationToken cancellationToken) =>
        EditAsync(server, row => Later(row, "LastKeepalive", at), cancellationToken);

    public async Task ExitedAsync(string server, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await EditAsync(server, row => Later(row, "ExitedAt", at), cancellationToken);
        await streams.MarkServerOfflineAsync(server, at, "server exited", cancellationToken);
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
        };
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static void Later(TableEntity row, string column, DateTimeOffset at)
    {
        if ((row.GetDateTimeOffset(column) ?? DateTimeOffset.MinValue) < at) row[column] = at;
    }

    private async Task EditAsync(string server, Action<TableEntity> edit, CancellationToken cancellationToken)
    {
        var table = tables[Table];
        var rowKey = KeyEncoding.Encode(server);
        await table.EditRowAsync(Partition, rowKey, () => new TableEntity(Partition, rowKey) { ["MediaServerId"] = server },
            (row, _) => { edit(row); return RowEdit.Save; }, cancellationToken);
    }
}
