using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.Events;
using ZlmHooks.Storage;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Issue 14, M1: what clients name (streams, notifications) never grows memory or tables
/// without bound. RSS under a long fuzz run is a benchmark figure (docs/benchmarks.md), not asserted here.</summary>
public sealed class BoundedMemoryTests
{
    [Fact]
    public async Task The_row_cache_keeps_at_most_its_bound_however_many_streams_are_asked_for()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:Storage:CachedRows"] = "50" });
        await s.AdminAsync("rules", "add", "--id", "bounded", "--action", "play", "--app", "live", "--stream", "keep", "--effect", "allow");
        for (var i = 0; i < 400; i++)
            Assert.NotEqual(0, (await s.PostAsync("on_play", StorageApp.Play($"made-up-{i}"))).Code());
        var cache = s.App.Services.GetRequiredService<CachedReads>();
        Assert.InRange(cache.Count, 1, 50);
        // Still caching, still deciding.
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("keep"))).Code());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("keep"))).Code());
    }

    [Fact]
    public async Task Retry_markers_live_in_day_partitions_and_the_days_before_yesterday_are_swept()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:Events:QueueName"] = "ids" + Guid.NewGuid().ToString("N")[..8],
            ["ZlmHooks:Events:OutboxIntervalSeconds"] = "3600",
        });
        var identity = s.App.Services.GetRequiredService<EventIdentity>();
        var table = new TableClient(Azurite.Connection, s.Prefix + EventIdentity.Table);
        async Task<List<string>> DaysAsync() =>
            [.. (await table.QueryAsync<TableEntity>(select: ["PartitionKey"]).ToListAsync()).Select(r => r.PartitionKey[..8]).Distinct().Order()];

        // An answered first attempt leaves nothing; a failed one leaves a marker in its day's partition.
        var answered = await identity.ResolveAsync("zlm-test-01", "digest-answered", 5, false, CancellationToken.None);
        await identity.RecordAsync(answered, acked: true, CancellationToken.None);
        Assert.Empty(await DaysAsync());
        for (var i = 0; i < 3; i++)
        {
            if (i > 0) s.Clock.Advance(TimeSpan.FromDays(1));
            var failed = await identity.ResolveAsync("zlm-test-01", $"digest-{i}", 10 + i, false, CancellationToken.None);
            await identity.RecordAsync(failed, acked: false, CancellationToken.None);
        }
        var day = (DateTimeOffset d) => d.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var today = s.Clock.GetUtcNow();
        Assert.Equal([day(today.AddDays(-2)), day(today.AddDays(-1)), day(today)], await DaysAsync());

        await s.App.Services.GetRequiredService<OutboxDrainer>().DrainAsync(CancellationToken.None);
        Assert.Equal([day(today.AddDays(-1)), day(today)], await DaysAsync());
    }
}
