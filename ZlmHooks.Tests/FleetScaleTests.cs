using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.Streams;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// A fleet's load on real Azurite (issue 15): a server restart costs one row however many streams it
/// had, a notification costs at most two storage round trips, event ids survive retries and restarts,
/// and two handler instances on one storage account agree.
/// </summary>
public sealed class FleetScaleTests
{
    private const string Server = "zlm-test-01";

    private static JsonObject Body(string capture, Action<JsonObject>? change = null)
    {
        var body = JsonNode.Parse(Capture.Named(capture).Body)!.AsObject();
        change?.Invoke(body);
        return body;
    }

    private static JsonObject Register(string stream, string schema, long hookIndex, long createStamp = 1795492274) =>
        Body("on_stream_changed__002.http", b => { b["stream"] = stream; b["schema"] = schema; b["hook_index"] = hookIndex; b["createStamp"] = createStamp; });

    private static JsonObject Unregister(string stream, string schema, long hookIndex) =>
        Body("on_stream_changed__004.http", b => { b["stream"] = stream; b["schema"] = schema; b["hook_index"] = hookIndex; });

    private static async Task<int> SendAsync(StorageApp s, string hook, JsonObject body) =>
        (await RawHttp.SendAsync(s.App.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body)))).Status;

    private static async Task<List<StreamEntry>> StreamsAsync(StorageApp s, string query = "")
    {
        using var client = s.App.AdminClient();
        return JsonSerializer.Deserialize<StreamListDto>(await client.GetStringAsync($"/api/streams?{query}"))!.streams;
    }

    private sealed record StreamListDto(List<StreamEntry> streams);

    private static Dictionary<string, string?> EventGrid(FakeEventGrid grid) => new()
    {
        ["ZlmHooks:Events:TopicEndpoint"] = grid.Endpoint.ToString(),
        ["ZlmHooks:Events:TopicKey"] = FakeEventGrid.Key,
        ["ZlmHooks:Events:PublishTimeoutMilliseconds"] = "5000",
        ["ZlmHooks:Events:OutboxIntervalSeconds"] = "3600",
        // Counted here: what a notification waits for. The activity feed's writes wait for nothing and
        // come in batches of up to 100 calls (ActivityTests), so they would only blur the count.
        ["ZlmHooks:Activity:Enabled"] = "false",
    };

    /// <summary>Every storage request the app's clients send (Event Grid's excluded): method and path.</summary>
    private sealed class StorageRequests(Uri eventGrid) : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _sent = new();

        public List<string> Sent => [.. _sent];

        public void Clear() => _sent.Clear();

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Uri.Port == eventGrid.Port) return;
            _sent.Enqueue($"{message.Request.Method} {Uri.UnescapeDataString(message.Request.Uri.Path)}");
        }
    }

    [Fact]
    public async Task A_restart_writes_one_row_and_the_registry_reads_the_previous_process_streams_as_ended()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        var storage = new StorageRequests(grid.Endpoint);
        await using var s = await StorageApp.StartAsync(EventGrid(grid), services: x => x.AddSingleton<HttpPipelinePolicy>(storage));
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        const int Streams = 200;
        var statuses = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Streams), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => statuses.Add(await SendAsync(s, "on_stream_changed", Register($"cam{i}", "rtmp", 10 + i))));
        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal(Streams, (await StreamsAsync(s, "online=true")).Count);

        var table = new TableClient(Azurite.Connection, s.Prefix + StreamRegistry.Table);
        var before = (await table.QueryAsync<TableEntity>().ToListAsync()).ToDictionary(r => r.RowKey, r => r.ETag);

        // The server restarts: the same on_server_started again, hook_index 0 again.
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        var restartedAt = s.Clock.GetUtcNow();
        storage.Clear();
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        var sent = storage.Sent;
        Assert.DoesNotContain(sent, r => r.Contains(StreamRegistry.Table, StringComparison.Ordinal));
        Assert.True(sent.Count <= 2, string.Join(", ", sent)); // the retry-marker read and the server row's write

        // No stream row changed, yet every stream reads as ended by the restart, at its time.
        var after = (await table.QueryAsync<TableEntity>().ToListAsync()).ToDictionary(r => r.RowKey, r => r.ETag);
        Assert.Equal(before, after);
        var ended = await StreamsAsync(s);
        Assert.Equal(Streams, ended.Count);
        Assert.All(ended, x => Assert.Equal((false, "server restarted", restartedAt), (x.Online, x.OfflineReason, x.OfflineAt)));
        Assert.All(ended, x => Assert.Empty(x.Schemas));
        Assert.Empty(await StreamsAsync(s, "online=true"));

        // The new process registers one again: only that one is live.
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Register("cam7", "rtsp", 3, createStamp: 1795492400)));
        var live = Assert.Single(await StreamsAsync(s, "online=true"));
        Assert.Equal("cam7", live.Stream);
        Assert.Equal(["rtsp"], live.Schemas);

        // A change first received before the restart (a retry of the old process's unregister) is from a
        // process that is gone: ignored, and it cannot take down the new registration either.
        var registry = s.App.Services.GetRequiredService<StreamRegistry>();
        var late = ZlmHooks.Streams.StreamHooks.StreamChanged.Parse(JsonSerializer.SerializeToUtf8Bytes(Unregister("cam7", "rtsp", 99)));
        Assert.False(await registry.ApplyAsync(late, restartedAt.AddMilliseconds(-5), CancellationToken.None));
        Assert.True((await registry.GetAsync(Server, "__defaultVhost__", "live", "cam7", CancellationToken.None))!.Online);

        // A clean exit ends it too, with its reason.
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await s.ReplayAsync("on_server_exited__001.http")).Status);
        var exited = Assert.Single(await StreamsAsync(s), x => x.Stream == "cam7");
        Assert.Equal((false, "server exited"), (exited.Online, exited.OfflineReason));
    }

    [Fact]
    public async Task Streams_of_a_server_that_stops_sending_keepalives_read_offline_until_it_is_heard_again()
    {
        await using var s = await StorageApp.StartAsync();
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status); // hook.alive_interval=5.0
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Register("cam1", "rtmp", 5)));
        Assert.True(Assert.Single(await StreamsAsync(s)).Online);

        s.Clock.Advance(TimeSpan.FromSeconds(16)); // more than 3 x 5 s without a keepalive
        var quiet = Assert.Single(await StreamsAsync(s));
        Assert.Equal((false, "server missing keepalives"), (quiet.Online, quiet.OfflineReason));
        Assert.Empty(await StreamsAsync(s, "online=true"));

        // A network blip, not a restart: the keepalive brings the same streams back.
        Assert.Equal(200, (await s.ReplayAsync("on_server_keepalive__002.http")).Status);
        var back = Assert.Single(await StreamsAsync(s, "online=true"));
        Assert.Equal(["rtmp"], back.Schemas);
    }

    [Fact]
    public async Task A_notification_costs_at_most_two_storage_round_trips()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        var storage = new StorageRequests(grid.Endpoint);
        await using var s = await StorageApp.StartAsync(EventGrid(grid), services: x => x.AddSingleton<HttpPipelinePolicy>(storage));
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        Assert.Equal(200, await SendAsync(s, "on_stream_changed", Register("cam1", "rtsp", 1)));

        string[] schemas = ["rtmp", "ts", "fmp4", "hls", "hls.fmp4"];
        var index = 10;
        var costs = new List<(string, List<string>)>();
        foreach (var schema in schemas)
        {
            storage.Clear();
            Assert.Equal(200, await SendAsync(s, "on_stream_changed", Register("cam1", schema, index++)));
            costs.Add(($"register {schema}", storage.Sent));
        }
        foreach (var schema in schemas)
        {
            storage.Clear();
            Assert.Equal(200, await SendAsync(s, "on_stream_changed", Unregister("cam1", schema, index++)));
            costs.Add(($"unregister {schema}", storage.Sent));
        }
        storage.Clear();
        Assert.Equal(200, await SendAsync(s, "on_server_keepalive", Body("on_server_keepalive__001.http", b => b["hook_index"] = index++)));
        costs.Add(("keepalive", storage.Sent));

        Assert.All(costs, c => Assert.True(c.Item2.Count <= 1, $"{c.Item1}: {string.Join(", ", c.Item2)}"));
        Assert.Equal(["rtsp"], Assert.Single(await StreamsAsync(s)).Schemas);
        Assert.Equal(2 + costs.Count, grid.Accepted.Count); // every notification published
        Assert.Empty(grid.Violations);
    }

    [Fact]
    public async Task Identical_bodies_in_two_lifetimes_of_a_server_get_different_event_ids()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        await using var s = await StorageApp.StartAsync(EventGrid(grid));
        var keepalive = Body("on_server_keepalive__001.http", b => b["hook_index"] = 1);
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        Assert.Equal(200, await SendAsync(s, "on_server_keepalive", keepalive));
        // The same delivery again: the same id.
        Assert.Equal(200, await SendAsync(s, "on_server_keepalive", keepalive));
        s.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(200, (await s.ReplayAsync("on_server_started__001.http")).Status);
        // An idle server's first keepalive after a restart: byte for byte the one before, hook_index too.
        Assert.Equal(200, await SendAsync(s, "on_server_keepalive", keepalive));

        var ids = grid.Accepted.Where(e => e.GetProperty("type").GetString() == "zlmediakit.server.keepalive")
            .Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        var started = grid.Accepted.Where(e => e.GetProperty("type").GetString() == "zlmediakit.server.started").Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(2, started.Distinct().Count());
    }

    [Fact]
    public async Task A_retry_that_reaches_the_other_instance_keeps_the_event_id()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        var prefix = Azurite.NewPrefix();
        await using var a = await StorageApp.StartAsync(EventGrid(grid), prefix: prefix);
        await using var b = await StorageApp.StartAsync(EventGrid(grid), prefix: prefix);
        var body = Body("on_flow_report__001.http", x => x["hook_index"] = 40);
        Assert.Equal(200, await SendAsync(b, "on_flow_report", Body("on_flow_report__002.http"))); // b has read the (empty) markers

        // Event Grid holds the request; MediaServer gives up waiting (hook.timeoutSec) and closes the connection.
        grid.State = FakeEventGrid.Mode.Hold;
        using (var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) })
        {
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
            content.Headers.ContentType = new("application/json");
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.PostAsync(new Uri(a.App.Address, $"/index/hook/on_flow_report?code={RunningApp.Key}"), content));
        }
        // The failed answer leaves its marker in the shared table.
        var markers = new TableClient(Azurite.Connection, prefix + ZlmHooks.Events.EventIdentity.Table);
        for (var i = 0; i < 100 && (await markers.QueryAsync<TableEntity>().ToListAsync()).Count == 0; i++) await Task.Delay(50);
        var marker = Assert.Single(await markers.QueryAsync<TableEntity>().ToListAsync());
        grid.State = FakeEventGrid.Mode.Accept;
        grid.Release();

        // The retry (new hook_index, 3 s later) lands on the other instance: same id, same time.
        b.Clock.Advance(TimeSpan.FromSeconds(3));
        body["hook_index"] = 41;
        Assert.Equal(200, await SendAsync(b, "on_flow_report", body));
        var flows = grid.Accepted.Where(e => e.GetProperty("type").GetString() == "zlmediakit.stream.flowreport" && e.GetProperty("data").GetProperty("stream").GetString() == body["stream"]!.GetValue<string>()).ToList();
        Assert.Equal(marker.GetString("EventId"), flows[^1].GetProperty("id").GetString());
        Assert.All(flows, e => Assert.Equal(marker.GetString("EventId"), e.GetProperty("id").GetString()));

        // A later identical notification (another hook_index) is a new event, on either instance once
        // its copy of the markers is fresher than the retry's answer.
        a.Clock.Advance(TimeSpan.FromSeconds(10));
        body["hook_index"] = 90;
        Assert.Equal(200, await SendAsync(a, "on_flow_report", body));
        Assert.NotEqual(marker.GetString("EventId"), grid.Accepted[^1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task After_an_event_grid_outage_the_outbox_drains_in_batches_in_order()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        await using var s = await StorageApp.StartAsync(EventGrid(grid));
        grid.State = FakeEventGrid.Mode.Fail;
        const int Events = 250;
        for (var i = 0; i < Events; i++)
            Assert.Equal(200, await SendAsync(s, "on_flow_report", Body("on_flow_report__001.http", b => { b["duration"] = i; b["hook_index"] = 1000 + i; })));
        Assert.Empty(grid.Accepted);

        grid.State = FakeEventGrid.Mode.Accept;
        var before = grid.Requests;
        Assert.Equal(Events, await s.App.Services.GetRequiredService<ZlmHooks.Events.OutboxDrainer>().DrainAsync(CancellationToken.None));
        Assert.Equal([.. Enumerable.Range(0, Events)], grid.Accepted.Select(e => e.GetProperty("data").GetProperty("duration").GetInt32()).ToList());
        Assert.Equal(3, grid.Requests - before); // 100 + 100 + 50
        Assert.Empty(await new TableClient(Azurite.Connection, s.Prefix + ZlmHooks.Events.Outbox.Table).QueryAsync<TableEntity>().ToListAsync());
        Assert.Equal(0, await s.App.Services.GetRequiredService<ZlmHooks.Events.OutboxDrainer>().DrainAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_instances_on_one_storage_account_agree_on_streams_events_and_rules()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        var prefix = Azurite.NewPrefix();
        await using var a = await StorageApp.StartAsync(EventGrid(grid), prefix: prefix);
        await using var b = await StorageApp.StartAsync(EventGrid(grid), prefix: prefix);
        StorageApp[] instances = [a, b];
        Assert.Equal(200, (await a.ReplayAsync("on_server_started__001.http")).Status);

        // 40 streams x 6 schemas registered, each schema's hook on either instance, all at once; then
        // every stream but the first ten unregisters three schemas, again split across the instances.
        string[] schemas = ["rtsp", "rtmp", "ts", "fmp4", "hls", "hls.fmp4"];
        var hooks = new List<(int Instance, JsonObject Body)>();
        var index = 1;
        for (var i = 0; i < 40; i++)
            foreach (var schema in schemas)
                hooks.Add((index % 2, Register($"cam{i}", schema, index++)));
        var statuses = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(hooks, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (h, _) => statuses.Add(await SendAsync(instances[h.Instance], "on_stream_changed", h.Body)));
        a.Clock.Advance(TimeSpan.FromSeconds(1));
        b.Clock.Advance(TimeSpan.FromSeconds(1));
        var unregisters = new List<(int Instance, JsonObject Body)>();
        for (var i = 10; i < 40; i++)
            foreach (var schema in schemas.Take(3))
                unregisters.Add((index % 2, Unregister($"cam{i}", schema, index++)));
        await Parallel.ForEachAsync(unregisters, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (h, _) => statuses.Add(await SendAsync(instances[h.Instance], "on_stream_changed", h.Body)));
        Assert.All(statuses, status => Assert.Equal(200, status));

        foreach (var s in instances)
        {
            var streams = (await StreamsAsync(s)).ToDictionary(x => x.Stream);
            Assert.Equal(40, streams.Count);
            for (var i = 0; i < 40; i++)
                Assert.Equal(i < 10 ? schemas.Order(StringComparer.Ordinal) : schemas.Skip(3).Order(StringComparer.Ordinal), streams[$"cam{i}"].Schemas);
        }

        // Every hook's event published, none lost; a duplicate only ever under the same id.
        var events = grid.Accepted.Where(e => e.GetProperty("type").GetString()!.StartsWith("zlmediakit.stream.", StringComparison.Ordinal)).ToList();
        var byId = events.GroupBy(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(hooks.Count + unregisters.Count, byId.Count);
        Assert.All(byId, g => Assert.Single(g.Select(e => e.GetProperty("data").GetRawText()).Distinct()));
        Assert.Empty(grid.Violations);

        // Rules: what one operator changes, both instances answer within the cache time.
        async Task<int[]> PlayAsync() => [.. await Task.WhenAll(instances.Select(async s => (await s.PostAsync("on_play", StorageApp.Play("cam1"))).Code()))];
        Assert.All(await PlayAsync(), code => Assert.NotEqual(0, code)); // no rule: denied (and cached)
        await a.AdminAsync("rules", "add", "--id", "cams", "--action", "play", "--app", "live", "--stream", "cam*", "--effect", "allow");
        foreach (var s in instances) s.Clock.Advance(TimeSpan.FromSeconds(5.1)); // ZlmHooks__AccessRules__CacheSeconds
        Assert.All(await PlayAsync(), code => Assert.Equal(0, code));
        await b.AdminAsync("rules", "remove", "--id", "cams");
        foreach (var s in instances) s.Clock.Advance(TimeSpan.FromSeconds(5.1));
        Assert.All(await PlayAsync(), code => Assert.NotEqual(0, code));
    }
}
