using System.Diagnostics;
using System.Globalization;
using System.Text;
using ZlmHooks.Tests.Support.FunctionsHost;

namespace ZlmHooks.Bench;

/// <summary>
/// The two hosts side by side (issue 30): warm on_play through the isolated worker (driven through the
/// test Functions host's forwarding path: an InvocationRequest over gRPC and the request proxied to the
/// worker, as the host does) and through the Native AOT handler, each as a ratio to the same AOT
/// baseline in one run, rounds interleaved; and process start to the first answered on_play for both
/// (the worker as published: ReadyToRun). The worker's figures include the test host's own work,
/// which runs in this process beside wrk on the same two cores: an upper bound on the worker's cost.
/// </summary>
internal static class Hosts
{
    public static async Task<string> RunAsync(BenchOptions o, string worker)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var settings = Settings(o, prefix);
        await Seed.RulesAsync(settings);
        var body = Bodies.Load(o.Captures);
        var c = o.Concurrency[^1];
        var seconds = o.Smoke ? 2 : Bench.WrkSeconds;
        var rounds = o.Smoke ? 1 : Bench.WrkRuns;
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"Two hosts, warm on_play allowed by a cached rule, wrk {c} connections, {seconds} s per cell, {rounds} interleaved round(s), median:\n\n");
        report.Append("| host | req/s | ratio to the AOT baseline | p50 ms | p99 ms | wrong |\n|---|---|---|---|---|---|\n");
        {
            await using var baseline = await Server.StartAsync("baseline", o.Baseline, [], new());
            await using var handler = await Server.StartAsync("handler", o.Handler, [], settings);
            await using var host = await StartWorkerAsync(worker, settings);
            var workerUrl = new Uri(host.Address, $"index/hook/on_play?code={Bench.Code}");
            foreach (var url in new[] { baseline.Url("on_play"), handler.Url("on_play"), workerUrl })
                await Wrk.RunAsync("warm-up", url, body.PlayAllowed, c, 2);
            var cells = new Dictionary<string, List<Wrk.Cell>> { ["baseline"] = [], ["handler"] = [], ["worker"] = [] };
            for (var round = 0; round < rounds; round++)
            {
                cells["baseline"].Add(await Wrk.RunAsync("AOT baseline: constant {\"code\":0}", baseline.Url("on_play"), body.PlayAllowed, c, seconds));
                cells["handler"].Add(await Wrk.RunAsync("standalone handler (Native AOT)", handler.Url("on_play"), body.PlayAllowed, c, seconds));
                cells["worker"].Add(await Wrk.RunAsync("isolated worker (ReadyToRun) through the test host", workerUrl, body.PlayAllowed, c, seconds));
            }
            var base0 = Wrk.Median(cells["baseline"]).Throughput;
            foreach (var (_, list) in cells)
            {
                var m = Wrk.Median(list);
                report.Append(CultureInfo.InvariantCulture, $"| {m.Scenario} | {m.Throughput:N0} | {m.Throughput / base0:0.00}x | {m.P50:0.00} | {m.P99:0.00} | {m.Wrong} |\n");
            }
        }

        var starts = o.Smoke ? 1 : 5;
        var aot = new List<double>();
        var isolated = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            aot.Add(await Server.ColdStartAsync(o.Handler, settings, body.PlayAllowed));
            isolated.Add(await WorkerColdStartAsync(worker, settings, body.PlayAllowed));
        }
        aot.Sort();
        isolated.Sort();
        report.Append(CultureInfo.InvariantCulture, $"\nProcess start to the first on_play answered code 0, {starts} start(s) each, interleaved, median (min-max):\n\n");
        report.Append("| host | ms |\n|---|---|\n");
        report.Append(CultureInfo.InvariantCulture, $"| standalone handler (Native AOT) | {aot[aot.Count / 2]:0} ({aot[0]:0}-{aot[^1]:0}) |\n");
        report.Append(CultureInfo.InvariantCulture, $"| isolated worker (ReadyToRun), from its launch by the test host through gRPC start-up and load | {isolated[isolated.Count / 2]:0} ({isolated[0]:0}-{isolated[^1]:0}) |\n");
        return report.ToString();
    }

    /// <summary>In Azure the host checks the function key before the worker sees the call
    /// (WEBSITE_INSTANCE_ID tells the worker it is there): the test host checks it here.</summary>
    private static Task<FunctionsTestHost> StartWorkerAsync(string worker, Dictionary<string, string> settings) =>
        FunctionsTestHost.StartAsync(worker, settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
            new FunctionsTestHostOptions { CheckKeys = true, FunctionKey = Bench.Code });

    private static async Task<double> WorkerColdStartAsync(string worker, Dictionary<string, string> settings, byte[] play)
    {
        var watch = Stopwatch.StartNew();
        await using var host = await StartWorkerAsync(worker, settings);
        using var client = new HttpClient();
        var url = new Uri(host.Address, $"index/hook/on_play?code={Bench.Code}");
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            var (status, reply) = await Load.SendAsync(client, url, play);
            if (status == 200 && reply.Contains("\"code\":0", StringComparison.Ordinal)) return watch.Elapsed.TotalMilliseconds;
            await Task.Delay(2);
        }
        throw new TimeoutException("the worker answered no on_play within 60 s");
    }

    private static Dictionary<string, string> Settings(BenchOptions o, string prefix) => new()
    {
        ["ZlmHooks__FunctionKeys"] = Bench.Code,
        ["ZlmHooks__AdminKeys"] = Bench.AdminKey,
        ["ZlmHooks__Storage__Connection"] = o.Storage,
        ["ZlmHooks__Storage__TablePrefix"] = prefix,
        ["ZlmHooks__AccessRules__CacheSeconds"] = "300",
        ["ZlmHooks__Events__QueueName"] = prefix + "-events",
        ["ZlmHooks__Recordings__Container"] = prefix + "-rec",
        ["WEBSITE_INSTANCE_ID"] = "bench",
    };
}
