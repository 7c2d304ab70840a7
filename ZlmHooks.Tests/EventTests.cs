using ZlmHooks.Hosting;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.Events;
using ZlmHooks.Hooks;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Notifications as CloudEvents, checked by what goes over the wire to a loopback stand-in for
/// Event Grid (<see cref="FakeEventGrid"/>), with the outbox and ids on the real Azurite.</summary>
public sealed class EventTests
{
    private static Dictionary<string, string?> Settings(FakeEventGrid grid, params (string, string)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ZlmHooks:Events:TopicEndpoint"] = grid.Endpoint.ToString(),
            ["ZlmHooks:Events:TopicKey"] = FakeEventGrid.Key,
            ["ZlmHooks:Events:PublishTimeoutMilliseconds"] = "5000",
            ["ZlmHooks:Events:OutboxIntervalSeconds"] = "3600", // the tests drain by hand
        };
        foreach (var (k, v) in more) settings[k] = v;
        return settings;
    }

    private static readonly string EventsDoc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "events.md"));

    private static IEnumerable<Capture> NotificationCaptures() =>
        Capture.All.Where(c => TestCatalog.Hooks.Find(c.Hook)!.Kind != HookKind.Auth && c.Hook != "on_rtsp_realm");

    private static Task<RawResponse> SendAsync(StorageApp s, string hook, JsonObject body) =>
        RawHttp.SendAsync(s.App.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body)));

    private static JsonObject Body(string capture) => JsonNode.Parse(Capture.Named(capture).Body)!.AsObject();

    [Fact]
    public async Task Every_notification_capture_becomes_exactly_one_event_of_its_documented_type_and_subject()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        await using var s = await StorageApp.StartAsync(Settings(grid));
        var ids = new HashSet<string>();
        foreach (var capture in NotificationCaptures())
        {
            var before = grid.Accepted.Count;
            var response = await s.ReplayAsync(capture.FileName);
            Assert.Equal(200, response.Status);
            Assert.Equal(before + 1, grid.Accepted.Count);
            var e = grid.Accepted[^1];

            using var body = JsonDocument.Parse(capture.Body);
            var hook = TestCatalog.Hooks.Find(capture.Hook)!;
            var request = hook.ParseBody(capture.Body);
            Assert.Equal(hook.EventType(request), e.GetProperty("type").GetString());
            Assert.Contains($"`{e.GetProperty("type").GetString()}`", EventsDoc); // every type is documented
            Assert.Equal("/zlmediakit/zlm-test-01", e.GetProperty("source").GetString());
            if (request is IStreamAddress address)
            {
                var stream = address.Stream;
                Assert.Equal($"/__defaultVhost__/{address.App}/{stream}", e.GetProperty("subject").GetString());
            }
            else
            {
                Assert.False(e.TryGetProperty("subject", out _));
            }
            var data = e.GetProperty("data");
            Assert.False(data.TryGetProperty("hook_index", out _));
            Assert.Equal("zlm-test-01", data.GetProperty("mediaServerId").GetString());
            Assert.True(ids.Add(e.GetProperty("id").GetString()!), $"{capture.FileName} reused an id");
        }
        Assert.Empty(grid.Violations);
        Assert.True(ids.Count > 50);
    }

    [Fact]
    public async Task A_retry_after_a_failed_answer_gets_the_same_id_and_a_later_identical_notification_a_new_one()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        await using var gate = new TcpGate(Azurite.TableEndpoint);
        var connection = Azurite.TableOnly($"http://127.0.0.1:{gate.Port}/devstoreaccount1");
        await using var s = await StorageApp.StartAsync(Settings(grid, ("ZlmHooks:Events:PublishTimeoutMilliseconds", "500")), connection);
        var body = Body("on_flow_report__001.http"); // a hook whose only storage is the outbox

        // Publish until one event gets through, so the publisher's client and connection exist before
        // the 500 ms timeout below is what decides (a cold first publish can take longer than that by
        // itself, and then goes to the outbox). Each try is its own stream, so none waits behind another.
        for (var i = 0; i < 20 && grid.Accepted.Count == 0; i++)
            Assert.Equal(200, (await SendAsync(s, "on_flow_report", Body("on_flow_report__002.http").Also(b => b["stream"] = $"warm{i}"))).Status);
        Assert.Single(grid.Accepted);

        // Event Grid takes the event but answers too late, and the outbox is down: the hook fails.
        grid.State = FakeEventGrid.Mode.Slow;
        gate.State = TcpGate.Mode.Closed;
        gate.DropAll(); // including the start-up warm-up's pooled connection
        Assert.Equal(503, (await SendAsync(s, "on_flow_report", body)).Status);
        Assert.Equal(2, grid.Accepted.Count);
        var firstTry = grid.Accepted[^1].GetProperty("id").GetString();

        // MediaServer retries with a new hook_index: the same event id, so subscribers can de-duplicate.
        grid.State = FakeEventGrid.Mode.Accept;
        gate.State = TcpGate.Mode.Open;
        body["hook_index"] = 9001;
        Assert.Equal(200, (await SendAsync(s, "on_flow_report", body)).Status);
        Assert.Equal(firstTry, grid.Accepted[^1].GetProperty("id").GetString());
        Assert.Equal(grid.Accepted[1].GetProperty("time").GetString(), grid.Accepted[^1].GetProperty("time").GetString());

        // The same delivery again (same hook_index): still the same id.
        Assert.Equal(200, (await SendAsync(s, "on_flow_report", body)).Status);
        Assert.Equal(firstTry, grid.Accepted[^1].GetProperty("id").GetString());

        // A new notification with an identical body: a new id.
        body["hook_index"] = 9050;
        Assert.Equal(200, (await SendAsync(s, "on_flow_report", body)).Status);
        Assert.NotEqual(firstTry, grid.Accepted[^1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_recording_delivered_twice_under_two_hook_indexes_without_a_failed_answer_keeps_one_event_id()
    {
        // MediaServer timed out on a first attempt held up on the way, retried, and the held attempt
        // arrived after the retry: the app answered both, so no failure marker ties them. A recording's
        // body names its file, so both are one notification (the real MediaServer shows this in
        // MediaServerRetryTests); a keepalive's identical body under a new hook_index stays a new one.
        await using var grid = await FakeEventGrid.StartAsync();
        await using var s = await StorageApp.StartAsync(Settings(grid));
        var record = Body("on_record_mp4__001.http");
        record["hook_index"] = 700;
        Assert.Equal(200, (await SendAsync(s, "on_record_mp4", record)).Status);
        record["hook_index"] = 650;
        Assert.Equal(200, (await SendAsync(s, "on_record_mp4", record)).Status);
        var keepalive = Body("on_server_keepalive__001.http");
        keepalive["hook_index"] = 701;
        Assert.Equal(200, (await SendAsync(s, "on_server_keepalive", keepalive)).Status);
        keepalive["hook_index"] = 702;
        Assert.Equal(200, (await SendAsync(s, "on_server_keepalive", keepalive)).Status);

        for (var i = 0; i < 100 && grid.Accepted.Count < 4; i++) await Task.Delay(50);
        string[] Ids(string type) => [.. grid.Accepted.Where(e => e.GetProperty("type").GetString() == type).Select(e => e.GetProperty("id").GetString()!)];
        var recordings = Ids("zlmediakit.recording.mp4");
        Assert.Equal(2, recordings.Length);
        Assert.Single(recordings.Distinct());
        Assert.Equal(2, Ids("zlmediakit.server.keepalive").Distinct().Count());
    }

    [Fact]
    public async Task No_secret_of_the_server_config_or_a_client_url_leaves_the_process()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        await using var s = await StorageApp.StartAsync(Settings(grid));
        var started = Body("on_server_started__001.http");
        foreach (var key in started.Select(p => p.Key).Where(k => k.StartsWith("hook.on_", StringComparison.Ordinal)).ToList())
            started[key] = started[key]!.GetValue<string>() + "?code=FUNCTION-KEY-SECRET-42";
        started["srt.passPhrase"] = "srt-pass-phrase-secret";
        started["cluster.origin_url"] = "rtmp://origin.example.net/live/$stream?token=ORIGIN-TOKEN-7";
        Assert.Equal(200, (await SendAsync(s, "on_server_started", started)).Status);
        Assert.Equal(200, (await s.ReplayAsync("on_flow_report__003.http")).Status); // params token=abc123

        var published = string.Join('\n', grid.Accepted.Select(e => e.GetRawText()));
        var logs = string.Join('\n', s.App.Logs.Lines);
        foreach (var secret in new[] { "zlm-test-secret", "FUNCTION-KEY-SECRET-42", "srt-pass-phrase-secret", "ORIGIN-TOKEN-7", "abc123" })
        {
            Assert.DoesNotContain(secret, published);
            Assert.DoesNotContain(secret, logs);
        }
        var config = grid.Accepted[0].GetProperty("data");
        Assert.Equal(Redaction.Redacted, config.GetProperty("api.secret").GetString());
        Assert.Equal("http://127.0.0.1:18899/index/hook/on_play?[redacted]", config.GetProperty("hook.on_play").GetString());
        Assert.Equal("zlm-test-01", config.GetProperty("general.mediaServerId").GetString());
        Assert.Equal("token=[redacted]", grid.Accepted[1].GetProperty("data").GetProperty("params").GetString());
    }

    [Fact]
    public async Task When_event_grid_is_down_hooks_are_acknowledged_and_the_outbox_delivers_once_in_order_later()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        await using var s = await StorageApp.StartAsync(Settings(grid));
        grid.State = FakeEventGrid.Mode.Fail;
        var sequence = new[] { "on_stream_changed__006.http", "on_stream_changed__007.http", "on_stream_changed__008.http", "on_stream_changed__009.http", "on_stream_changed__010.http", "on_server_keepalive__001.http" };
        foreach (var capture in sequence)
            Assert.Equal(200, (await s.ReplayAsync(capture)).Status);
        Assert.Empty(grid.Accepted);

        // Event Grid is back, but realm1 still has events waiting: a new one queues behind them.
        grid.State = FakeEventGrid.Mode.Accept;
        var late = Body("on_stream_changed__009.http");
        late["schema"] = "fmp4";
        Assert.Equal(200, (await SendAsync(s, "on_stream_changed", late)).Status);
        Assert.Empty(grid.Accepted);

        var drainer = s.App.Services.GetRequiredService<OutboxDrainer>();
        Assert.Equal(7, await drainer.DrainAsync(CancellationToken.None));
        Assert.Equal(0, await drainer.DrainAsync(CancellationToken.None));
        Assert.Equal(7, grid.Accepted.Count);
        Assert.Equal(7, grid.Accepted.Select(e => e.GetProperty("id").GetString()).Distinct().Count());

        var realm1 = grid.Accepted.Where(e => e.TryGetProperty("subject", out var subject) && subject.GetString() == "/__defaultVhost__/live/realm1")
            .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("data").GetProperty("schema").GetString()!)).ToList();
        Assert.Equal(
        [
            ("zlmediakit.stream.registered", "rtsp"), ("zlmediakit.stream.registered", "rtmp"), ("zlmediakit.stream.registered", "hls"),
            ("zlmediakit.stream.unregistered", "ts"), ("zlmediakit.stream.unregistered", "hls"), ("zlmediakit.stream.unregistered", "fmp4"),
        ], realm1);

        // Drained: the stream's new events go straight out again.
        Assert.Equal(200, (await s.ReplayAsync("on_stream_changed__011.http")).Status);
        Assert.Equal(8, grid.Accepted.Count);
        Assert.Empty(grid.Violations);
    }

    [Fact]
    public async Task When_event_grid_and_the_outbox_are_both_down_a_notification_is_answered_503()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        grid.State = FakeEventGrid.Mode.Fail;
        await using var s = await StorageApp.StartAsync(Settings(grid), Azurite.TableOnly("http://127.0.0.1:1/devstoreaccount1"));
        var response = await s.ReplayAsync("on_flow_report__001.http");
        Assert.Equal(503, response.Status);
        Assert.Contains("neither published nor kept", response.Json.Msg());
        // A hook whose own work needs storage says that first.
        var changed = await s.ReplayAsync("on_stream_changed__001.http");
        Assert.Equal(503, changed.Status);
        Assert.Contains("stream registry could not be updated", changed.Json.Msg());
        // Auth hooks do not depend on event publishing at all.
        Assert.Equal(200, (await s.ReplayAsync("on_play__001.http")).Status);
    }

    [Fact]
    public async Task Audit_events_never_hold_an_auth_answer()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        await using var s = await StorageApp.StartAsync(Settings(grid, ("ZlmHooks:Events:AuditDecisions", "true")));
        await s.AdminAsync("rules", "add", "--id", "cam1", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow");
        grid.State = FakeEventGrid.Mode.Hold; // Event Grid takes the request and does not answer

        var first = await s.ReplayAsync("on_play__001.http");
        Assert.Equal(0, first.Json.Code());
        await grid.RequestArrived.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the audit event is on its way, and held
        var second = await s.ReplayAsync("on_publish__002.http");            // answered while Event Grid still holds
        Assert.Equal(-1, second.Json.Code());
        Assert.Empty(grid.Accepted);

        grid.Release();
        for (var i = 0; i < 100 && grid.Accepted.Count < 2; i++) await Task.Delay(50);
        Assert.Equal(["zlmediakit.access.play.allowed", "zlmediakit.access.publish.denied"], grid.Accepted.Select(e => e.GetProperty("type").GetString()).Order());
    }

    [Fact]
    public async Task Without_a_topic_events_go_to_a_storage_queue_as_cloudevents_json()
    {
        var queueName = "zlm-events-" + Guid.NewGuid().ToString("N")[..8];
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:Events:QueueName"] = queueName });
        Assert.Equal(200, (await s.ReplayAsync("on_stream_changed__001.http")).Status);
        var queue = new QueueClient(Azurite.Connection, queueName);
        var message = Assert.Single((await queue.PeekMessagesAsync(10)).Value);
        using var e = JsonDocument.Parse(message.Body.ToString());
        Assert.Equal(("1.0", "zlmediakit.stream.registered", "/__defaultVhost__/live/hlsrec"),
            (e.RootElement.GetProperty("specversion").GetString(), e.RootElement.GetProperty("type").GetString(), e.RootElement.GetProperty("subject").GetString()));

        // What docs/features.md tells a ./run.sh user to type to watch them.
        var peeked = await Azurite.AdminAsync(s.Prefix, new Dictionary<string, string?> { ["ZlmHooks:Events:QueueName"] = queueName }, "events", "peek");
        Assert.Equal(message.Body.ToString(), peeked);
    }

    [Fact]
    public async Task The_timer_function_drains_the_outbox_when_the_host_invokes_it()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        grid.State = FakeEventGrid.Mode.Fail;
        var settings = Settings(grid);
        var prefix = Azurite.NewPrefix();
        foreach (var (k, v) in Azurite.Settings(prefix)) settings[k] = v;
        await Azurite.InitAsync(prefix);
        await using var app = await RunningApp.StartAsync(settings, hosting: new HostingEnvironment(CustomHandlerPort: 0, InAzure: true));
        Assert.Equal(200, (await app.ReplayAsync(Capture.Named("on_server_exited__001.http"))).Status);
        grid.State = FakeEventGrid.Mode.Accept;

        // The host's invocation of a timer function: POST /outbox_drain, no key, invocation JSON back.
        var response = await RawHttp.SendAsync(app.Address, RawHttp.Build("POST", "/outbox_drain", "application/json", """{"Data":{"timer":{}},"Metadata":{}}"""u8.ToArray()));
        Assert.Equal(200, response.Status);
        Assert.Contains("1 event(s) re-published", response.Json.GetProperty("Logs")[0].GetString());
        Assert.Equal("zlmediakit.server.exited", Assert.Single(grid.Accepted).GetProperty("type").GetString());
    }
}
