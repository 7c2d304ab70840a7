using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using ZlmHooks.Storage;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// A row is written at most once per entity-group transaction (issue 34): the hooks that edit one
/// row at once (a server's started, keepalive and exited; a stream's schemas) are merged into one
/// write, in order, and never sent as two actions of one transaction, which storage refuses as a
/// whole (400 InvalidDuplicateRow) and which MediaServer was answered 503 for. On the real app and
/// Azurite, with the row's partition kept busy so that writes wait and go out together.
/// </summary>
public sealed class OneRowPerTransactionTests
{
    private const int Waves = 20;
    private const int RoundsPerWave = 10; // 200 rounds in all

    private static JsonObject Body(string capture, Action<JsonObject> change)
    {
        var body = JsonNode.Parse(Capture.Named(capture).Body)!.AsObject();
        change(body);
        return body;
    }

    private static async Task<int> SendAsync(StorageApp s, string hook, JsonObject body)
    {
        var response = await RawHttp.SendAsync(s.App.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body)));
        return response.Status;
    }

    private static void NoDuplicateRows(StorageApp s) =>
        Assert.DoesNotContain(s.App.Logs.Lines, l => l.Contains("InvalidDuplicateRow", StringComparison.Ordinal) || l.Contains("already present in the batch", StringComparison.Ordinal));

    [Fact]
    public async Task One_servers_started_keepalive_and_exited_racing_are_never_two_actions_of_one_transaction()
    {
        await using var s = await StorageApp.StartAsync();
        var servers = new TableClient(Azurite.Connection, s.Prefix + "servers");
        long index = 1000;
        for (var wave = 1; wave <= Waves; wave++)
        {
            // Every call of a wave is received at the same time; each wave later than the one before,
            // with its own alive interval: the row after a wave is that wave's state, whatever order
            // its calls were written in.
            s.Clock.Advance(TimeSpan.FromSeconds(1));
            var now = s.Clock.GetUtcNow();
            var interval = 10 + wave;
            var calls = new List<Task<int>>();
            for (var round = 0; round < RoundsPerWave; round++)
            {
                calls.Add(SendAsync(s, "on_server_started", Body("on_server_started__001.http", b =>
                {
                    b["hook.alive_interval"] = interval.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    b["hook_index"] = Interlocked.Increment(ref index);
                })));
                calls.Add(SendAsync(s, "on_server_keepalive", Body("on_server_keepalive__001.http", b => b["hook_index"] = Interlocked.Increment(ref index))));
                calls.Add(SendAsync(s, "on_server_exited", Body("on_server_exited__001.http", b => b["hook_index"] = Interlocked.Increment(ref index))));
                // Other servers' rows share the partition: they keep its transactions busy, so the
                // writes of zlm-test-01 wait and go out together with theirs.
                for (var other = 0; other < 3; other++)
                {
                    var id = $"zlm-other-{round:D2}-{other}";
                    calls.Add(SendAsync(s, "on_server_keepalive", Body("on_server_keepalive__001.http", b =>
                    {
                        b["mediaServerId"] = id;
                        b["hook_index"] = Interlocked.Increment(ref index);
                    })));
                }
            }
            var statuses = await Task.WhenAll(calls);
            Assert.All(statuses, status => Assert.Equal(200, status));

            var row = (await servers.GetEntityAsync<TableEntity>("server", KeyEncoding.Encode("zlm-test-01"))).Value;
            Assert.Equal((now, now, now, (double)interval),
                (row.GetDateTimeOffset("StartedAt"), row.GetDateTimeOffset("LastKeepalive"), row.GetDateTimeOffset("ExitedAt"), row.GetDouble("AliveInterval")));
        }
        NoDuplicateRows(s);
    }

    [Fact]
    public async Task One_streams_changes_racing_are_never_two_actions_of_one_transaction()
    {
        await using var s = await StorageApp.StartAsync();
        var streams = new TableClient(Azurite.Connection, s.Prefix + "streams");
        string[] schemas = ["rtsp", "rtmp", "ts", "fmp4", "hls", "hls.fmp4"];
        long index = 1000;
        for (var wave = 1; wave <= Waves; wave++)
        {
            // A wave registers (odd) or unregisters (even) every schema of one stream, several times
            // each, at one time: the row after it is that wave's state.
            s.Clock.Advance(TimeSpan.FromSeconds(10)); // past the unregister settle time
            var regist = wave % 2 == 1;
            var calls = new List<Task<int>>();
            for (var round = 0; round < RoundsPerWave; round++)
            {
                foreach (var schema in schemas)
                {
                    calls.Add(SendAsync(s, "on_stream_changed", Body("on_stream_changed__001.http", b =>
                    {
                        b["mediaServerId"] = "zlm-streams-01";
                        b["schema"] = schema;
                        b["regist"] = regist;
                        b["hook_index"] = Interlocked.Increment(ref index);
                    })));
                }
                // The server's other streams share the partition and keep its transactions busy.
                calls.Add(SendAsync(s, "on_stream_changed", Body("on_stream_changed__001.http", b =>
                {
                    b["mediaServerId"] = "zlm-streams-01";
                    b["stream"] = $"other{round:D2}";
                    b["regist"] = regist;
                    b["hook_index"] = Interlocked.Increment(ref index);
                })));
            }
            var statuses = await Task.WhenAll(calls);
            Assert.All(statuses, status => Assert.Equal(200, status));

            var row = (await streams.GetEntityAsync<TableEntity>(KeyEncoding.Encode("zlm-streams-01"), Streams.StreamRegistry.RowKey("__defaultVhost__", "live", "hlsrec"))).Value;
            Assert.Equal(regist, row.GetBoolean("Online"));
            var states = JsonDocument.Parse(row.GetString("Schemas")!).RootElement;
            Assert.Equal(schemas.Order(StringComparer.Ordinal), states.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.All(states.EnumerateObject(), p => Assert.Equal(regist, p.Value.GetProperty("on").GetBoolean()));
        }
        NoDuplicateRows(s);
    }

    /// <summary>Two writes of one row ready together go in two transactions, in the order they were
    /// made: the later one is applied last.</summary>
    [Fact]
    public async Task Two_writes_of_one_row_waiting_together_go_out_one_after_the_other()
    {
        var table = new TableClient(Azurite.Connection, Azurite.NewPrefix() + "rows");
        await table.CreateAsync();
        var commits = new GroupCommit();
        for (var round = 0; round < 20; round++)
        {
            await table.AddEntityAsync(new TableEntity("p", $"x{round}") { ["V"] = 0 });
            // The first write goes alone; the three ready while it is in flight wait for it.
            var first = commits.WriteAsync(table, new TableEntity("p", $"busy{round}"), exists: false);
            var writes = new[]
            {
                commits.WriteAsync(table, new TableEntity("p", $"x{round}") { ["V"] = 1, ETag = ETag.All }, exists: true),
                commits.WriteAsync(table, new TableEntity("p", $"y{round}") { ["V"] = 1 }, exists: false),
                commits.WriteAsync(table, new TableEntity("p", $"x{round}") { ["V"] = 2, ETag = ETag.All }, exists: true),
            };
            await first;
            await Task.WhenAll(writes);
            Assert.Equal(2, (await table.GetEntityAsync<TableEntity>("p", $"x{round}")).Value.GetInt32("V"));
        }
    }
}
