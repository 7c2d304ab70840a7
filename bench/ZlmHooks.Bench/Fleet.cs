using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using ZlmHooks.Storage;
using ZlmHooks.Streams;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Bench;

/// <summary>
/// A fleet's load (issue 15), each figure next to the limit measured in the same run: a server
/// restart at 10 to 10,000 registered streams; notifications against Azurite's own rate for one
/// conditional write; a mass reconnect of several MediaServers at once, on one handler and on two;
/// the events that reach the Event Grid stand-in.
/// </summary>
internal static class Fleet
{
    private static readonly string[] Schemas = ["rtsp", "rtmp", "ts", "fmp4", "hls", "hls.fmp4"];

    internal sealed record Reconnect(string Name, int Servers, int Streams, int Hooks, double Seconds, double[] Latencies, int Failures,
        bool RegistryLive, bool RegistryEnded, int Events, int ExpectedEvents, int ConflictingIds);

    internal sealed record Outcome(List<(int Streams, Result Restart, bool Ended)> Restarts, List<Result> Limit, List<Result> Notifications,
        List<Reconnect> Reconnects, (double PerSecond, double PerRequest, int Events) EventRate, int Failed);

    public static async Task<Outcome> RunAsync(BenchOptions o, Bodies body, string prefix, Dictionary<string, string> baseSettings)
    {
        await using var grid = await FakeEventGrid.StartAsync();
        var settings = new Dictionary<string, string>(baseSettings)
        {
            ["ZlmHooks__Events__TopicEndpoint"] = grid.Endpoint.ToString(),
            ["ZlmHooks__Events__TopicKey"] = FakeEventGrid.Key,
        };
        var failed = 0;

        // The limit: Azurite's rate for one conditional write (If-Match), each client on its own row.
        var limit = new List<Result>();
        foreach (var c in o.Concurrency)
            limit.Add(await ConditionalWritesAsync(o.Storage, prefix, c, Math.Max(200, o.Requests / 10)));

        var notifications = new List<Result>();
        var restarts = new List<(int, Result, bool)>();
        var reconnects = new List<Reconnect>();
        (double, double, int) eventRate;
        await using (var handler = await Server.StartAsync("handler", o.Handler, [], settings))
        {
            var changes = Changes(body.StreamChanged);
            await Load.RunAsync("warm-up", handler.Url("on_stream_changed"), changes, 4, o.Smoke ? 100 : 2000, _ => true);
            foreach (var c in o.Concurrency)
                notifications.Add(await Load.RunAsync("on_stream_changed (register and unregister, 500 streams)", handler.Url("on_stream_changed"), changes, c, Math.Max(200, o.Requests / 10), Ok));

            // Events: flow reports (no registry write) as fast as 64 clients send them, counted where they land.
            var before = (grid.Accepted.Count, grid.Requests);
            var flows = Bodies.Many(body.FlowReport, 5000, (node, i) => { node["stream"] = $"flow{i}"; node["hook_index"] = 500_000 + i; });
            var flow = await Load.RunAsync("on_flow_report", handler.Url("on_flow_report"), flows, o.Concurrency[^1] * 2, o.Smoke ? 500 : 30_000, Ok);
            var events = grid.Accepted.Count - before.Count;
            eventRate = (events / flow.Seconds, events / (double)Math.Max(1, grid.Requests - before.Requests), events);

            foreach (var n in o.Smoke ? new[] { 10, 200 } : [10, 1000, 10_000])
            {
                var server = $"restart-{n}";
                await SeedStreamsAsync(o.Storage, prefix, server, n);
                var started = Bodies.Many(body.ServerStarted, 1, (node, _) => { node["mediaServerId"] = server; node["general.mediaServerId"] = server; });
                var result = await Load.RunAsync($"on_server_started, {n:N0} registered streams", handler.Url("on_server_started"), started, 1, o.Smoke ? 10 : 50, Ok);
                var live = await StreamsAsync(handler, $"server={server}&online=true");
                var all = await StreamsAsync(handler, $"server={server}");
                restarts.Add((n, result, live == 0 && all == n));
                if (live != 0 || all != n) failed++;
            }

            reconnects.Add(await ReconnectAsync("one handler", [handler], o, body, grid, "one"));
        }
        await using (var first = await Server.StartAsync("handler", o.Handler, [], settings))
        await using (var second = await Server.StartAsync("handler", o.Handler, [], settings))
            reconnects.Add(await ReconnectAsync("two handlers, hooks split between them", [first, second], o, body, grid, "two"));

        failed += notifications.Sum(r => r.Failures) + restarts.Sum(r => r.Item2.Failures)
            + reconnects.Sum(r => r.Failures + (r.RegistryLive && r.RegistryEnded ? 0 : 1) + (r.Events == r.ExpectedEvents ? 0 : 1) + r.ConflictingIds)
            + grid.Violations.Count;
        foreach (var v in grid.Violations.Take(5)) Console.Error.WriteLine("bench: Event Grid stand-in refused: " + v);
        return new Outcome(restarts, limit, notifications, reconnects, eventRate, failed);
    }

    private static bool Ok(string reply) => reply.Contains("\"code\":0", StringComparison.Ordinal);

    /// <summary>500 streams × 6 schemas, each registered then unregistered, consecutive requests for
    /// different streams (as when many streams start).</summary>
    private static byte[][] Changes(byte[] register) => Bodies.Many(register, 6000, (node, i) =>
    {
        node["stream"] = $"bench{i % 500:D3}";
        node["schema"] = Schemas[i / 500 % 6];
        node["regist"] = i % 1000 < 500;
        node["hook_index"] = 200_000 + i;
    });

    private static async Task<Result> ConditionalWritesAsync(string storage, string prefix, int clients, int writes)
    {
        var table = new TableClient(storage, prefix + "limit" + clients);
        await table.CreateIfNotExistsAsync();
        var etags = new ETag[clients];
        for (var i = 0; i < clients; i++)
            etags[i] = (await table.UpsertEntityAsync(new TableEntity("p", $"r{i}") { ["N"] = 0 })).Headers.ETag!.Value;
        return await Load.ClosedLoopAsync("Azurite: one conditional write (If-Match)", clients, writes, async (client, i) =>
        {
            try
            {
                var response = await table.UpdateEntityAsync(new TableEntity("p", $"r{client}") { ["N"] = i }, etags[client], TableUpdateMode.Replace);
                etags[client] = response.Headers.ETag!.Value;
                return true;
            }
            catch (RequestFailedException)
            {
                return false;
            }
        });
    }

    /// <summary>Registry rows as on_stream_changed leaves them: <paramref name="count"/> streams online in rtmp.</summary>
    private static async Task SeedStreamsAsync(string storage, string prefix, string server, int count)
    {
        var table = new TableClient(storage, prefix + StreamRegistry.Table);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture);
        Phase.Step($"registering {count:N0} streams of {server} in Azurite", count);
        await Parallel.ForEachAsync(Enumerable.Range(0, (count + 99) / 100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            var actions = Enumerable.Range(batch * 100, Math.Min(100, count - batch * 100)).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(KeyEncoding.Encode(server), StreamRegistry.RowKey("__defaultVhost__", "live", $"cam{i:D5}"))
                {
                    ["MediaServerId"] = server, ["Vhost"] = "__defaultVhost__", ["App"] = "live", ["Stream"] = $"cam{i:D5}", ["Online"] = true,
                    ["Schemas"] = "{\"rtmp\":{\"on\":true,\"at\":\"" + at + "\",\"stamp\":1795492274}}",
                })).ToList();
            await table.SubmitTransactionAsync(actions, ct);
            Phase.Count(actions.Count);
        });
    }

    private static async Task<int> StreamsAsync(Server handler, string query) =>
        (await ListAsync(handler, query))?.GetArrayLength() ?? -1;

    private static async Task<(int Live, bool AllSixSchemas)> LiveAsync(Server handler, string server) =>
        await ListAsync(handler, $"server={server}&online=true") is { } streams
            ? (streams.GetArrayLength(), streams.EnumerateArray().All(s => s.GetProperty("schemas").GetArrayLength() == 6))
            : (-1, false);

    /// <summary>The operator API's stream list; a few tries, since a loaded Azurite can make a listing
    /// of 10,000 rows outlast the storage client's timeout (then the check fails, the run goes on).</summary>
    private static async Task<JsonElement?> ListAsync(Server handler, string query)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Bench.AdminKey);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                var json = await client.GetStringAsync(handler.Api($"api/streams?{query}"));
                return JsonDocument.Parse(json).RootElement.GetProperty("streams").Clone();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"bench: api/streams?{query} failed ({e.Message}); trying again");
                await Task.Delay(1000);
            }
        }
        return null;
    }

    /// <summary>Several MediaServers come back at once: each sends on_server_started, then per stream
    /// on_publish and an on_stream_changed register per schema, then (the streams ending) an
    /// unregister per schema; each server keeps up to 32 hooks in flight, as its event loop does.
    /// Every hook is checked; the registry and the published events are checked at the end.</summary>
    private static async Task<Reconnect> ReconnectAsync(string name, Server[] handlers, BenchOptions o, Bodies body, FakeEventGrid grid, string tag)
    {
        var servers = o.Smoke ? 2 : 4;
        var streams = o.Smoke ? 50 : 1000;
        var ids = Enumerable.Range(0, servers).Select(i => $"fleet-{tag}-{i}").ToArray();
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseProxy = false, AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(30) };
        var sent = 0;
        Phase.Step($"mass reconnect ({name}), hooks", servers * (1 + streams * 13));

        async Task SendAsync(string hook, byte[] json, Func<string, bool> ok)
        {
            var handler = handlers[Interlocked.Increment(ref sent) % handlers.Length];
            var started = Stopwatch.GetTimestamp();
            var good = false;
            try
            {
                var (status, text) = await Load.SendAsync(http, handler.Url(hook), json);
                good = status == 200 && ok(text);
                if (!good) Interlocked.Increment(ref failures);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }
            Phase.Count(1, good ? 0 : 1);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        async Task PhaseAsync(Func<string, int, IEnumerable<(string Hook, byte[] Json)>> hooksOf) =>
            await Task.WhenAll(ids.Select(server =>
            {
                var all = Enumerable.Range(0, streams).SelectMany(i => hooksOf(server, i)).Select(h => (h.Hook, h.Json)).ToList();
                return Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (h, _) => await SendAsync(h.Hook, h.Json, Ok));
            }));

        long hookIndex = 0;
        var eventsBefore = grid.Accepted.Count;
        var total = Stopwatch.StartNew();
        // Like real servers, each keeps sending on_server_keepalive every hook.alive_interval (5 s in the
        // capture's config): without them a server is "missing" after 15 s and its streams read offline.
        using var stopKeepalives = new CancellationTokenSource();
        var keepalives = 0;
        var keepaliveLoop = Task.WhenAll(ids.Select(async server =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
            try
            {
                while (await timer.WaitForNextTickAsync(stopKeepalives.Token))
                {
                    Interlocked.Increment(ref keepalives);
                    await SendAsync("on_server_keepalive", Bodies.With(body.Keepalive, n => { n["mediaServerId"] = server; n["hook_index"] = Interlocked.Increment(ref hookIndex); }), Ok);
                }
            }
            catch (OperationCanceledException) { }
        }));
        await Task.WhenAll(ids.Select(server => SendAsync("on_server_started",
            Bodies.With(body.ServerStarted, n => { n["mediaServerId"] = server; n["general.mediaServerId"] = server; n["hook_index"] = 0; }), Ok)));
        await PhaseAsync((server, i) => Schemas.Select(schema => ("on_stream_changed", Bodies.With(body.StreamChanged, n =>
            {
                n["mediaServerId"] = server; n["stream"] = $"cam{i:D4}"; n["schema"] = schema; n["regist"] = true;
                n["hook_index"] = Interlocked.Increment(ref hookIndex);
            })))
            .Prepend(("on_publish", Bodies.With(body.Publish, n => { n["mediaServerId"] = server; n["stream"] = $"cam{i:D4}"; n["hook_index"] = Interlocked.Increment(ref hookIndex); }))));
        var live = await Task.WhenAll(ids.Select(server => LiveAsync(handlers[0], server)));
        await PhaseAsync((server, i) => Schemas.Select(schema => ("on_stream_changed", Bodies.With(body.StreamChanged, n =>
            {
                n["mediaServerId"] = server; n["stream"] = $"cam{i:D4}"; n["schema"] = schema; n["regist"] = false;
                n["hook_index"] = Interlocked.Increment(ref hookIndex);
                foreach (var field in new[] { "tracks", "originSock", "originType", "originTypeStr", "originUrl", "createStamp", "aliveSecond", "bytesSpeed", "readerCount", "totalReaderCount", "totalBytes", "currentStamp", "isRecordingHLS", "isRecordingMP4" })
                    n.Remove(field);
            }))));
        total.Stop();
        var ended = await Task.WhenAll(ids.Select(server => LiveAsync(handlers[^1], server)));
        await stopKeepalives.CancelAsync();
        await keepaliveLoop;

        // Every notification's event, once per id (a duplicate only under the same id, with the same data).
        var sources = ids.Select(server => "/zlmediakit/" + server).ToHashSet(StringComparer.Ordinal);
        var mine = grid.Accepted.Skip(eventsBefore).Where(e => sources.Contains(e.GetProperty("source").GetString()!)).ToList();
        var byId = mine.GroupBy(e => e.GetProperty("id").GetString()!).ToList();
        var conflicting = byId.Count(g => g.Select(e => e.GetProperty("data").GetRawText()).Distinct().Count() > 1);
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new Reconnect(name, servers, streams, sorted.Length, total.Elapsed.TotalSeconds, sorted, failures,
            live.All(l => l.Live == streams && l.AllSixSchemas), ended.All(l => l.Live == 0), byId.Count, servers * (1 + streams * 12) + keepalives, conflicting);
    }
}
