using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>The topic's publish limit kept before Azure enforces it, and its Retry-After obeyed
/// (docs/events.md, "The topic's limit"): checked at a <see cref="FakeEventGrid"/> that throttles like
/// Azure, with the outbox on the real Azurite and drained by its own background loop.</summary>
public sealed class EventGridLimitTests
{
    private static Dictionary<string, string?> Settings(FakeEventGrid grid, int eventsPerSecond, int drainSeconds = 1) => new()
    {
        ["ZlmHooks:Events:TopicEndpoint"] = grid.Endpoint.ToString(),
        ["ZlmHooks:Events:TopicKey"] = FakeEventGrid.Key,
        ["ZlmHooks:Events:PublishTimeoutMilliseconds"] = "5000",
        ["ZlmHooks:Events:OutboxIntervalSeconds"] = drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ZlmHooks:Events:TopicEventsPerSecond"] = eventsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static JsonObject FlowReport(string stream, int hookIndex)
    {
        var body = JsonNode.Parse(Capture.Named("on_flow_report__001.http").Body)!.AsObject();
        body["stream"] = stream;
        body["hook_index"] = hookIndex;
        return body;
    }

    private static async Task<(int Status, TimeSpan Took)> SendAsync(StorageApp s, JsonObject body)
    {
        var watch = Stopwatch.StartNew();
        var response = await RawHttp.SendAsync(s.App.Address, RawHttp.Build("POST", $"/index/hook/on_flow_report?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body)));
        return (response.Status, watch.Elapsed);
    }

    private static string[] Ids(FakeEventGrid grid) => [.. grid.Accepted.Select(e => e.GetProperty("id").GetString()!)];

    private static async Task WaitForAsync(FakeEventGrid grid, int distinct, TimeSpan within)
    {
        for (var deadline = DateTime.UtcNow + within; Ids(grid).Distinct().Count() < distinct; await Task.Delay(100))
            Assert.True(DateTime.UtcNow < deadline, $"{Ids(grid).Distinct().Count()} of {distinct} events arrived in {within.TotalSeconds} s");
        await Task.Delay(1500); // a duplicate, if any, would come with the next drain
    }

    [Fact]
    public async Task A_burst_over_the_topics_limit_is_answered_at_once_never_exceeds_it_and_arrives_once_per_id_through_the_outbox()
    {
        const int limit = 50, streams = 40, each = 10, count = streams * each; // 8 s of the limit
        await using var grid = await FakeEventGrid.StartAsync();
        grid.LimitPerSecond = limit; // past it the stand-in answers 429, as the topic would
        await using var s = await StorageApp.StartAsync(Settings(grid, limit));
        Assert.Equal(200, (await SendAsync(s, FlowReport("warm", 1))).Status);

        var watch = Stopwatch.StartNew();
        var answers = new System.Collections.Concurrent.ConcurrentBag<(int Status, TimeSpan Took)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => answers.Add(await SendAsync(s, FlowReport($"burst{i % streams}", 100 + i))));
        var burst = watch.Elapsed;

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        // Answered without waiting for the limit: the whole burst in well under the 8 s it takes to publish.
        Assert.True(burst < TimeSpan.FromSeconds(4), $"the burst took {burst.TotalSeconds:0.0} s to answer");
        Assert.True(answers.Max(a => a.Took) < TimeSpan.FromSeconds(2), $"the slowest answer took {answers.Max(a => a.Took).TotalSeconds:0.0} s");

        await WaitForAsync(grid, count + 1, TimeSpan.FromSeconds(60));
        var ids = Ids(grid);
        Assert.Equal(count + 1, ids.Length); // every event exactly once
        Assert.Equal(count + 1, ids.Distinct().Count());
        Assert.Equal(0, grid.Throttled);     // the stand-in never had to throttle
        Assert.All(grid.AcceptedPerSecond, second => Assert.True(second.Value <= limit, $"{second.Value} events in second {second.Key}"));
        Assert.True(grid.AcceptedPerSecond.Count >= count / limit, "published over the seconds the limit needs");
        Assert.Empty(grid.Violations);
        Assert.Contains(s.App.Logs.Lines, l => l.Contains("publish limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_429_with_retry_after_nothing_is_sent_until_then_and_nothing_is_lost()
    {
        await using var grid = await FakeEventGrid.StartAsync();
        // The drain's interval is an hour: an event kept back by the topic brings the drain forward.
        await using var s = await StorageApp.StartAsync(Settings(grid, 5000, drainSeconds: 3600));
        Assert.Equal(200, (await SendAsync(s, FlowReport("warm", 1))).Status);
        Assert.Single(grid.Accepted);

        var refused = grid.ThrottleNext(2);
        var first = await SendAsync(s, FlowReport("after0", 10));
        Assert.Equal(200, first.Status); // kept in the outbox
        var refusedAt = await refused;

        // While the topic is closed: answered at once, nothing goes to the topic.
        for (var i = 1; i <= 5; i++)
        {
            var answer = await SendAsync(s, FlowReport($"after{i % 3}", 10 + i));
            Assert.Equal(200, answer.Status);
            Assert.True(answer.Took < TimeSpan.FromSeconds(1), $"answered in {answer.Took.TotalSeconds:0.0} s");
            await Task.Delay(150);
        }

        await WaitForAsync(grid, 7, TimeSpan.FromSeconds(20));
        var after = grid.Log.Where(l => l.At > refusedAt).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, l => Assert.True(l.At >= refusedAt + TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(10),
            $"a request {(l.At - refusedAt).TotalMilliseconds:0} ms after the 429"));
        var ids = Ids(grid);
        Assert.Equal(7, ids.Length);
        Assert.Equal(7, ids.Distinct().Count());
        Assert.Equal(1, grid.Throttled);
        Assert.Empty(grid.Violations);
    }
}
