using System.Globalization;

namespace ZlmHooks.Bench;

/// <summary>The benchmark's runs: the full report, the cold starts only, the wrk cells only.</summary>
internal static class Bench
{
    private const string Key = "bench-function-key-0123456789abcdef";
    public const string AdminKey = "bench-admin-key-fedcba9876543210";

    /// <summary>The full run, phase by phase (<see cref="Phase"/>): a phase that throws (a handler that
    /// died, a timeout) is a failed section of the report with its reason, the others still run, and
    /// the run fails.</summary>
    public static async Task<(string Report, int Failed)> RunAsync(BenchOptions o)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var body = Bodies.Load(o.Captures);
        var failures = new List<Phase.Failure>();
        await Phase.RunAsync("seed", "the rules the scenarios need, in Azurite", failures, async () =>
        {
            await Seed.RulesAsync(Settings(o, prefix, cacheSeconds: 300));
            return 0;
        });

        var results = new List<Result>();
        foreach (var (scenario, path) in Baselines(o))
        {
            await Phase.RunAsync(scenario.StartsWith("baseline, JIT", StringComparison.Ordinal) ? "baseline-jit" : "baseline", scenario, failures, async () =>
            {
                await using var baseline = await Server.StartAsync("baseline", path, [], new());
                await Load.RunAsync("warm-up", baseline.Url("on_play"), body.PlayAllowed, 4, o.Smoke ? 200 : 5000, _ => true);
                var failed = 0;
                foreach (var c in o.Concurrency)
                {
                    var r = await Load.RunAsync(scenario, baseline.Url("on_play"), body.PlayAllowed, c, o.Requests, _ => true);
                    results.Add(r);
                    failed += r.Failures;
                }
                return failed;
            });
        }

        long? rssKb = null;
        var wrk = new List<Wrk.Cell>();
        CaptureCheck.Outcome? captureCheck = null;
        var changes = body.StreamChanges();
        await Phase.RunAsync("cached", "the handler's hooks with cached rules, memory after them, every capture, wrk's second opinion", failures, async () =>
        {
            var failed = 0;
            await using var cached = await Server.StartAsync("handler", o.Handler, [], Settings(o, prefix, cacheSeconds: 300));
            // Past start-up and tiered JIT before anything is measured (cold start is measured on its own).
            var warmUp = o.Smoke ? 200 : 5000;
            await Load.RunAsync("warm-up", cached.Url("on_play"), body.PlayAllowed, 4, warmUp, _ => true);
            await Load.RunAsync("warm-up", cached.Url("on_play"), body.PlayDenied, 4, warmUp, _ => true);
            await Load.RunAsync("warm-up", cached.Url("on_publish"), body.Publish, 4, warmUp, _ => true);
            foreach (var c in o.Concurrency)
            {
                Result[] cells =
                [
                    await Load.RunAsync("on_play allow (cached rule)", cached.Url("on_play"), body.PlayAllowed, c, o.Requests, Allowed),
                    await Load.RunAsync("on_play deny (no rule, cached)", cached.Url("on_play"), body.PlayDenied, c, o.Requests, Denied),
                    await Load.RunAsync("on_publish allow with options", cached.Url("on_publish"), body.Publish, c, o.Requests, Allowed),
                    await Load.RunAsync("on_stream_changed register, 500 streams (registry + event)", cached.Url("on_stream_changed"), changes, c, Math.Max(100, o.Requests / 10), Allowed),
                ];
                results.AddRange(cells);
                failed += cells.Sum(r => r.Failures);
            }
            rssKb = cached.ResidentKb();
            Phase.Step("every capture sent once");
            captureCheck = await CaptureCheck.RunAsync(cached.Url, o.Captures);
            failed += captureCheck.Wrong.Count;

            // The second opinion (full runs, wrk installed): the same cells from a generator that
            // costs the shared cores far less, against a baseline started beside the handler.
            if (!o.Smoke && Wrk.Available())
            {
                Phase.Step("wrk cells");
                var c = o.Concurrency[^1];
                // The JIT-compiled baseline is a reference only: measured on its own.
                Wrk.Cell jitCell;
                await using (var jit = await Server.StartAsync("baseline", o.BaselineJit, [], new()))
                {
                    // The JIT build warms longer: tiered compilation and dynamic PGO settle in seconds.
                    await Wrk.RunAsync("warm-up", jit.Url("on_play"), body.PlayAllowed, c, 8);
                    jitCell = await Wrk.RunAsync(JitBaselineScenario, jit.Url("on_play"), body.PlayAllowed, c, WrkSeconds, runs: WrkRuns);
                }
                // The AOT baseline and the handler in turns, one run each per round: a shared VM drifts
                // by ±20% over minutes, and a ratio of medians taken minutes apart carries that drift.
                await using var baseline = await Server.StartAsync("baseline", o.Baseline, [], new());
                await Wrk.RunAsync("warm-up", baseline.Url("on_play"), body.PlayAllowed, c, 3);
                var cells = new List<Wrk.Cell>();
                for (var round = 0; round < WrkRuns; round++)
                {
                    cells.Add(await Wrk.RunAsync(BaselineScenario, baseline.Url("on_play"), body.PlayAllowed, c, WrkSeconds));
                    cells.Add(await Wrk.RunAsync("on_play allow (cached rule)", cached.Url("on_play"), body.PlayAllowed, c, WrkSeconds));
                    cells.Add(await Wrk.RunAsync("on_publish allow with options", cached.Url("on_publish"), body.Publish, c, WrkSeconds));
                    cells.Add(await Wrk.RunAsync(BaselineScenario + PacedSuffix, baseline.Url("on_play"), body.PlayAllowed, c, WrkSeconds, PauseMs));
                    cells.Add(await Wrk.RunAsync("on_play allow (cached rule)" + PacedSuffix, cached.Url("on_play"), body.PlayAllowed, c, WrkSeconds, PauseMs));
                }
                // The report's order: the baselines first.
                Wrk.Cell Median(string scenario) => Wrk.Median([.. cells.Where(x => x.Scenario == scenario)]);
                wrk.AddRange([Median(BaselineScenario), Median(BaselineScenario + PacedSuffix), jitCell,
                    Median("on_play allow (cached rule)"), Median("on_publish allow with options"), Median("on_play allow (cached rule)" + PacedSuffix)]);
                failed += (int)wrk.Sum(w => w.Wrong);
            }
            return failed;
        });

        Result? small = null, large = null;
        await Phase.RunAsync("rule-table", $"on_play read from Azurite, then with {o.Rules:N0} more rules in its partition", failures, async () =>
        {
            await using var uncached = await Server.StartAsync("handler", o.Handler, [], Settings(o, prefix, cacheSeconds: 0));
            await Load.RunAsync("warm-up", uncached.Url("on_play"), body.PlayAllowed, 4, o.Smoke ? 100 : 1000, _ => true);
            var failed = 0;
            foreach (var c in o.Concurrency)
            {
                var r = await Load.RunAsync("on_play allow (rule read from Azurite)", uncached.Url("on_play"), body.PlayAllowed, c, Math.Max(100, o.Requests / 4), Allowed);
                results.Add(r);
                failed += r.Failures;
            }
            var mid = o.Concurrency[^1] >= 16 ? 16 : o.Concurrency[^1];
            small = await Load.RunAsync("table with a few rules", uncached.Url("on_play"), body.PlayAllowed, mid, Math.Max(100, o.Requests / 4), Allowed);
            await Seed.ManyRulesAsync(o.Storage, prefix, o.Rules);
            large = await Load.RunAsync($"table with {o.Rules:N0} more rules", uncached.Url("on_play"), body.PlayAllowed, mid, Math.Max(100, o.Requests / 4), Allowed);
            return failed + small.Failures + large.Failures;
        });

        var fuzz = await FuzzPhaseAsync(o, prefix, failures);

        // The fleet phase in tables of its own, after the fuzz run: Azurite's in-memory tables answer
        // slower as they grow, and neither phase should pay for the other's rows.
        Fleet.Outcome? fleet = null;
        string? fleetReport = null;
        await Phase.RunAsync("fleet", "fleet scale: restarts, notifications, mass reconnect, events", failures, async () =>
        {
            var fleetPrefix = "f" + Guid.NewGuid().ToString("N")[..10];
            await Seed.RulesAsync(Settings(o, fleetPrefix, cacheSeconds: 300));
            fleet = await Fleet.RunAsync(o, body, fleetPrefix, Settings(o, fleetPrefix, cacheSeconds: 300));
            fleetReport = FleetReport.Markdown(fleet, results, o);
            return fleet.Failed;
        });

        var cold = new List<double>();
        var baselineCold = new List<double>();
        var baselineJitCold = new List<double>();
        await Phase.RunAsync("cold-start", $"{o.ColdStarts} cold start(s) of the handler and both baselines", failures, async () =>
        {
            Phase.Step("cold starts", o.ColdStarts);
            for (var i = 0; i < o.ColdStarts; i++)
            {
                cold.Add(await Server.ColdStartAsync(o.Handler, Settings(o, prefix, cacheSeconds: 300), body.PlayAllowed));
                baselineCold.Add(await Server.ColdStartAsync(o.Baseline, new(), body.PlayAllowed));
                baselineJitCold.Add(await Server.ColdStartAsync(o.BaselineJit, new(), body.PlayAllowed));
                Phase.Count();
            }
            return 0;
        });
        cold.Sort();
        baselineCold.Sort();
        baselineJitCold.Sort();

        foreach (var line in captureCheck?.Wrong ?? []) Console.Error.WriteLine("bench: capture not answered as MediaServer needs: " + line);
        var measured = new Report.Measured(results, wrk, captureCheck, small, large, cold, baselineCold, baselineJitCold, rssKb, fuzz,
            fleetReport ?? "## Fleet scale (issue 15)\n\nNot measured: the fleet phase failed in this run (see Failed phases above).\n", failures);
        return (Report.Markdown(o, measured),
            results.Sum(r => r.Failures) + (small?.Failures ?? 0) + (large?.Failures ?? 0) + (int)wrk.Sum(w => w.Wrong) + (captureCheck?.Wrong.Count ?? 0)
            + (fuzz?.Failures ?? 0) + (fleet?.Failed ?? 0) + failures.Count);
    }

    /// <summary>The fuzz phase: the fuzz suite's mutations to a fresh handler, its memory before and after.</summary>
    private static async Task<FuzzMemory.Outcome?> FuzzPhaseAsync(BenchOptions o, string prefix, List<Phase.Failure> failures)
    {
        FuzzMemory.Outcome? fuzz = null;
        await Phase.RunAsync("fuzz", $"{o.FuzzCases:N0} fuzz cases against a fresh handler, its memory after 1,000 and after all", failures, async () =>
        {
            await using var fuzzed = await Server.StartAsync("handler", o.Handler, [], Settings(o, prefix, cacheSeconds: 300));
            fuzz = await FuzzMemory.RunAsync(fuzzed, o.Captures, Key, o.FuzzCases, new Azure.Storage.Queues.QueueClient(o.Storage, prefix + "-events"));
            return fuzz.Failures;
        });
        return fuzz;
    }

    /// <summary>The fuzz phase alone (<c>--fuzz-only</c>): for looking into the handler under it, and for
    /// the failure check (<c>--kill-handler-during fuzz</c>); its lines of the report, printed.</summary>
    public static async Task<(string Report, int Failed)> FuzzOnlyAsync(BenchOptions o)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var failures = new List<Phase.Failure>();
        await Phase.RunAsync("seed", "the rules the scenarios need, in Azurite", failures, async () =>
        {
            await Seed.RulesAsync(Settings(o, prefix, cacheSeconds: 300));
            return 0;
        });
        var fuzz = await FuzzPhaseAsync(o, prefix, failures);
        var md = new System.Text.StringBuilder();
        Report.Failures(md, failures);
        md.AppendLine(Report.FuzzLine(fuzz));
        return (md.ToString(), (fuzz?.Failures ?? 0) + failures.Count);
    }

    /// <summary>The fleet section alone (for iterating on the notification path).</summary>
    public static async Task<(string Report, int Failed)> FleetOnlyAsync(BenchOptions o)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        await Seed.RulesAsync(Settings(o, prefix, cacheSeconds: 300));
        var fleet = await Fleet.RunAsync(o, Bodies.Load(o.Captures), prefix, Settings(o, prefix, cacheSeconds: 300));
        return (FleetReport.Markdown(fleet, [], o), fleet.Failed);
    }

    public static async Task<List<double>> ColdOnlyAsync(BenchOptions o)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        await Seed.RulesAsync(Settings(o, prefix, cacheSeconds: 300));
        var body = Bodies.Load(o.Captures);
        var cold = new List<double>();
        for (var i = 0; i < o.ColdStarts; i++)
            cold.Add(await Server.ColdStartAsync(o.Handler, Settings(o, prefix, cacheSeconds: 300), body.PlayAllowed));
        cold.Sort();
        return cold;
    }

    /// <summary>The wrk cells alone: the baseline and the handler, the handler once with its batched
    /// console writer and once with the library's own console provider (<c>ZLMHOOKS_CONSOLE=stock</c>),
    /// alternated so a drift of the machine hits both.</summary>
    public static async Task<List<Wrk.Cell>> WrkOnlyAsync(BenchOptions o)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        await Seed.RulesAsync(Settings(o, prefix, cacheSeconds: 300));
        var body = Bodies.Load(o.Captures);
        var stock = Settings(o, prefix, cacheSeconds: 300);
        stock["ZLMHOOKS_CONSOLE"] = "stock";
        await using var batched = await Server.StartAsync("handler", o.Handler, [], Settings(o, prefix, cacheSeconds: 300));
        await using var plain = await Server.StartAsync("handler (stock console)", o.Handler, [], stock);
        await using var baseline = await Server.StartAsync("baseline", o.Baseline, [], new());
        var c = o.Concurrency[^1];
        var seconds = o.Smoke ? 2 : 5;
        foreach (var server in new[] { baseline, batched, plain })
            await Wrk.RunAsync("warm-up", server.Url("on_play"), body.PlayAllowed, c, 2);
        var cells = new List<Wrk.Cell>();
        for (var round = 0; round < WrkRuns; round++)
        {
            cells.Add(await Wrk.RunAsync("baseline", baseline.Url("on_play"), body.PlayAllowed, c, seconds));
            cells.Add(await Wrk.RunAsync("on_play allow (cached rule), batched console", batched.Url("on_play"), body.PlayAllowed, c, seconds));
            cells.Add(await Wrk.RunAsync("on_play allow (cached rule), stock console", plain.Url("on_play"), body.PlayAllowed, c, seconds));
        }
        return cells;
    }

    /// <summary>The baseline as the handler is published, then its JIT-compiled build for reference.</summary>
    private static (string Scenario, string Path)[] Baselines(BenchOptions o) =>
        [(BaselineScenario, o.Baseline), (JitBaselineScenario, o.BaselineJit)];

    public const string BaselineScenario = "baseline: constant {\"code\":0}";
    public const string JitBaselineScenario = "baseline, JIT-compiled (reference)";

    /// <summary>The paced wrk cells: the same connections, each pausing between requests, so latency
    /// is measured at a heavy but unsaturated load rather than with the cores flat out.</summary>
    public const int PauseMs = 3;

    /// <summary>Each wrk cell: the median of each figure over three 5-second runs.</summary>
    public const int WrkRuns = 3, WrkSeconds = 5;
    public const string PacedSuffix = ", paced: 3 ms between requests";

    private static bool Allowed(string reply) => reply.Contains("\"code\":0", StringComparison.Ordinal);
    private static bool Denied(string reply) => reply.Contains("\"code\":-1", StringComparison.Ordinal);

    /// <summary>The handler's settings in a run: its own tables, container and queue under a fresh prefix.</summary>
    private static Dictionary<string, string> Settings(BenchOptions o, string prefix, int cacheSeconds) => new()
    {
        ["ZlmHooks__FunctionKeys"] = Key,
        ["ZlmHooks__AdminKeys"] = AdminKey,
        ["ZlmHooks__Storage__Connection"] = o.Storage,
        ["ZlmHooks__Storage__TablePrefix"] = prefix,
        ["ZlmHooks__AccessRules__CacheSeconds"] = cacheSeconds.ToString(CultureInfo.InvariantCulture),
        ["ZlmHooks__Events__QueueName"] = prefix + "-events",
        ["ZlmHooks__Recordings__Container"] = prefix + "-rec",
    };

    public static string Code => Key;
}
