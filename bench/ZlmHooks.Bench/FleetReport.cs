using System.Globalization;
using System.Text;

namespace ZlmHooks.Bench;

/// <summary>The fleet section of docs/benchmarks.md: each figure beside the limit measured in the same run.</summary>
internal static class FleetReport
{
    public static string Markdown(Fleet.Outcome f, List<Result> results, BenchOptions o)
    {
        var md = new StringBuilder();
        string F(double v) => v.ToString(v >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
        string Mark(bool ok) => ok ? "met" : "**not met**";
        md.AppendLine("## Fleet scale (issue 15)");
        md.AppendLine();
        md.AppendLine("Events go to the Event Grid stand-in of the tests (loopback, checks the publish contract), as in Azure; rows and retry markers to Azurite.");
        md.AppendLine();
        md.AppendLine("### A server restart, by the streams it had registered");
        md.AppendLine();
        md.AppendLine("| registered streams | restarts | p50 ms | p99 ms | max ms | its streams read offline after |");
        md.AppendLine("|---:|---:|---:|---:|---:|---|");
        foreach (var (n, r, ended) in f.Restarts)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {n:N0} | {r.Requests} | {F(r.P(0.5))} | {F(r.P(0.99))} | {F(r.Max)} | {(ended ? "all" : "**not all**")} |");
        md.AppendLine();
        md.AppendLine("### Notifications against the storage limit");
        md.AppendLine();
        md.AppendLine("`on_stream_changed` (registry row and retry-marker lookup in Azurite, event to the stand-in) beside Azurite's own rate for one conditional write at the same concurrency, measured in this run:");
        md.AppendLine();
        md.AppendLine("| clients | Azurite conditional writes/s | p99 ms | on_stream_changed/s | × limit | p50 ms | p99 ms | max ms | failed |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in f.Notifications)
        {
            var l = f.Limit.First(x => x.Concurrency == n.Concurrency);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {n.Concurrency} | {l.Throughput:N0} | {F(l.P(0.99))} | {n.Throughput:N0} | {n.Throughput / l.Throughput:0.00} | {F(n.P(0.5))} | {F(n.P(0.99))} | {F(n.Max)} | {n.Failures} |");
        }
        md.AppendLine();
        md.AppendLine("### Mass reconnect");
        md.AppendLine();
        md.AppendLine("Each simulated MediaServer sends on_server_started, then per stream on_publish and six on_stream_changed registers, then six unregisters, up to 32 hooks in flight per server, all servers at once.");
        md.AppendLine();
        md.AppendLine("| run | servers × streams | hooks | hooks/s | p50 ms | p99 ms | max ms | failed | registry live, then ended | events (expected) | ids with two payloads |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|");
        foreach (var r in f.Reconnects)
        {
            var res = new Result(r.Name, 0, r.Hooks, r.Seconds, r.Latencies, r.Failures);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Servers} × {r.Streams:N0} | {r.Hooks:N0} | {r.Hooks / r.Seconds:N0} | {F(res.P(0.5))} | {F(res.P(0.99))} | {F(res.Max)} | {r.Failures} | {(r.RegistryLive && r.RegistryEnded ? "exact" : $"**wrong** (live {r.RegistryLive}, ended {r.RegistryEnded})")} | {r.Events:N0} ({r.ExpectedEvents:N0}) | {r.ConflictingIds} |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Events: {f.EventRate.Events:N0} `on_flow_report` events reached the stand-in at **{f.EventRate.PerSecond:N0} events/s**, {f.EventRate.PerRequest:0.0} events per publish request on average.");
        md.AppendLine();
        md.AppendLine("| target (issue 15) | measured | |");
        md.AppendLine("|---|---|---|");
        var big = f.Restarts[^1];
        md.AppendLine(CultureInfo.InvariantCulture, $"| on_server_started flat in the streams registered, p99 < 50 ms at {big.Streams:N0} | p99 {string.Join(" / ", f.Restarts.Select(r => F(r.Restart.P(0.99)) + " ms"))} at {string.Join(" / ", f.Restarts.Select(r => r.Streams.ToString("N0", CultureInfo.InvariantCulture)))} | {Mark(big.Restart.P(0.99) < 50)} |");
        var top = f.Notifications[^1];
        var topLimit = f.Limit.First(x => x.Concurrency == top.Concurrency);
        md.AppendLine(CultureInfo.InvariantCulture, $"| notifications ≥ 0.5× the conditional-write limit at {top.Concurrency} clients | {top.Throughput / topLimit.Throughput:0.00}× | {Mark(top.Throughput / topLimit.Throughput >= 0.5)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| notification p99 < 100 ms at {top.Concurrency} clients | {F(top.P(0.99))} ms | {Mark(top.P(0.99) < 100)} |");
        foreach (var r in f.Reconnects)
        {
            var max = r.Latencies.Length == 0 ? double.NaN : r.Latencies[^1];
            md.AppendLine(CultureInfo.InvariantCulture, $"| mass reconnect ({r.Name}): every hook within 2 s, none failed, registry exact, every event once per id | max {F(max)} ms, {r.Failures} failed, registry {(r.RegistryLive && r.RegistryEnded ? "exact" : "wrong")}, {r.Events:N0} of {r.ExpectedEvents:N0} events | {Mark(max < 2000 && r.Failures == 0 && r.RegistryLive && r.RegistryEnded && r.Events == r.ExpectedEvents && r.ConflictingIds == 0)} |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| ≥ 5,000 events/s to Event Grid | {f.EventRate.PerSecond:N0} events/s | {Mark(f.EventRate.PerSecond >= 5000)} |");
        _ = results;
        _ = o;
        return md.ToString();
    }
}
