using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using ZlmHooks.Bench;

var options = BenchOptions.Parse(args);
if (args.Contains("--cold-only"))
{
    // For iterating on start-up: only the cold starts, printed.
    var cold = await Bench.ColdOnlyAsync(options);
    Console.WriteLine(string.Join(' ', cold.Select(c => c.ToString("0", CultureInfo.InvariantCulture))) + " ms");
    return 0;
}
if (args.Contains("--wrk-only"))
{
    // For iterating on per-request cost: only the wrk cells, printed.
    foreach (var cell in await Bench.WrkOnlyAsync(options))
        Console.WriteLine(FormattableString.Invariant($"{cell.Scenario,-40} {cell.Throughput,10:N0} req/s  p50 {cell.P50:0.00}  p99 {cell.P99:0.00} ms  wrong {cell.Wrong}"));
    return 0;
}
var (report, failed) = await Bench.RunAsync(options);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
await File.WriteAllTextAsync(options.Out, report);
Console.WriteLine(report);
// A benchmark of wrong answers measures nothing: any failed request fails the run (and CI's smoke run).
if (failed > 0) Console.Error.WriteLine($"bench: {failed} request(s) got a wrong answer");
return failed > 0 ? 1 : 0;

/// <param name="Baseline">bench/ZlmHooks.Baseline published as the handler is (Native AOT).</param>
/// <param name="BaselineJit">The same baseline JIT-compiled (its .dll), as a reference row.</param>
internal sealed record BenchOptions(string Handler, string Baseline, string BaselineJit, string Storage, string Captures, string Out, bool Smoke, int Requests, int Rules, int ColdStarts, int[] Concurrency)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"missing {name}");
        }
        var smoke = args.Contains("--smoke");
        return new BenchOptions(Get("--handler"), Get("--baseline"), Get("--baseline-jit"), Get("--storage"), Get("--captures"), Get("--out"), smoke,
            int.Parse(Get("--requests", smoke ? "300" : "20000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--rules", smoke ? "500" : "100000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--cold-starts", smoke ? "1" : "7"), CultureInfo.InvariantCulture),
            smoke ? [1, 4] : [1, 16, 64]);
    }
}

internal static class Bench
{
    private const string Key = "bench-function-key-0123456789abcdef";

    public static async Task<(string Report, int Failed)> RunAsync(BenchOptions o)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var body = Bodies.Load(o.Captures);
        await Seed.RulesAsync(o.Storage, prefix);

        var results = new List<Result>();
        foreach (var (scenario, path) in Baselines(o))
        {
            await using var baseline = await Server.StartAsync("baseline", path, [], new());
            await Load.RunAsync("warm-up", baseline.Url("on_play"), body.PlayAllowed, 4, o.Smoke ? 200 : 5000, _ => true);
            foreach (var c in o.Concurrency)
                results.Add(await Load.RunAsync(scenario, baseline.Url("on_play"), body.PlayAllowed, c, o.Requests, _ => true));
        }

        long rssKb;
        var wrk = new List<Wrk.Cell>();
        CaptureCheck.Outcome captureCheck;
        var changes = body.StreamChanges();
        await using (var cached = await Server.StartAsync("handler", o.Handler, [], Settings(o, prefix, cacheSeconds: 300)))
        {
            // Past start-up and tiered JIT before anything is measured (cold start is measured on its own).
            var warmUp = o.Smoke ? 200 : 5000;
            await Load.RunAsync("warm-up", cached.Url("on_play"), body.PlayAllowed, 4, warmUp, _ => true);
            await Load.RunAsync("warm-up", cached.Url("on_play"), body.PlayDenied, 4, warmUp, _ => true);
            await Load.RunAsync("warm-up", cached.Url("on_publish"), body.Publish, 4, warmUp, _ => true);
            foreach (var c in o.Concurrency)
            {
                results.Add(await Load.RunAsync("on_play allow (cached rule)", cached.Url("on_play"), body.PlayAllowed, c, o.Requests, Allowed));
                results.Add(await Load.RunAsync("on_play deny (no rule, cached)", cached.Url("on_play"), body.PlayDenied, c, o.Requests, Denied));
                results.Add(await Load.RunAsync("on_publish allow with options", cached.Url("on_publish"), body.Publish, c, o.Requests, Allowed));
                results.Add(await Load.RunAsync("on_stream_changed register, 500 streams (registry + event)", cached.Url("on_stream_changed"), changes, c, Math.Max(100, o.Requests / 10), Allowed));
            }
            rssKb = cached.ResidentKb();
            captureCheck = await CaptureCheck.RunAsync(cached.Url, o.Captures);

            // The second opinion (full runs, wrk installed): the same cells from a generator that
            // costs the shared cores far less, against a baseline started beside the handler.
            if (!o.Smoke && Wrk.Available())
            {
                var c = o.Concurrency[^1];
                foreach (var (scenario, path) in Baselines(o))
                {
                    await using var baseline = await Server.StartAsync("baseline", path, [], new());
                    // The JIT build warms longer: tiered compilation and dynamic PGO settle in seconds.
                    await Wrk.RunAsync("warm-up", baseline.Url("on_play"), body.PlayAllowed, c, path.EndsWith(".dll", StringComparison.Ordinal) ? 8 : 3);
                    wrk.Add(await Wrk.RunAsync(scenario, baseline.Url("on_play"), body.PlayAllowed, c, WrkSeconds, runs: WrkRuns));
                    if (scenario == BaselineScenario)
                        wrk.Add(await Wrk.RunAsync(BaselineScenario + PacedSuffix, baseline.Url("on_play"), body.PlayAllowed, c, WrkSeconds, PauseMs, WrkRuns));
                }
                wrk.Add(await Wrk.RunAsync("on_play allow (cached rule)", cached.Url("on_play"), body.PlayAllowed, c, WrkSeconds, runs: WrkRuns));
                wrk.Add(await Wrk.RunAsync("on_publish allow with options", cached.Url("on_publish"), body.Publish, c, WrkSeconds, runs: WrkRuns));
                wrk.Add(await Wrk.RunAsync("on_play allow (cached rule)" + PacedSuffix, cached.Url("on_play"), body.PlayAllowed, c, WrkSeconds, PauseMs, WrkRuns));
            }
        }

        Result small, large;
        await using (var uncached = await Server.StartAsync("handler", o.Handler, [], Settings(o, prefix, cacheSeconds: 0)))
        {
            await Load.RunAsync("warm-up", uncached.Url("on_play"), body.PlayAllowed, 4, o.Smoke ? 100 : 1000, _ => true);
            foreach (var c in o.Concurrency)
                results.Add(await Load.RunAsync("on_play allow (rule read from Azurite)", uncached.Url("on_play"), body.PlayAllowed, c, Math.Max(100, o.Requests / 4), Allowed));
            var mid = o.Concurrency[^1] >= 16 ? 16 : o.Concurrency[^1];
            small = await Load.RunAsync("table with a few rules", uncached.Url("on_play"), body.PlayAllowed, mid, Math.Max(100, o.Requests / 4), Allowed);
            await Seed.ManyRulesAsync(o.Storage, prefix, o.Rules);
            large = await Load.RunAsync($"table with {o.Rules:N0} more rules", uncached.Url("on_play"), body.PlayAllowed, mid, Math.Max(100, o.Requests / 4), Allowed);
        }

        var cold = new List<double>();
        var baselineCold = new List<double>();
        var baselineJitCold = new List<double>();
        for (var i = 0; i < o.ColdStarts; i++)
        {
            cold.Add(await Server.ColdStartAsync(o.Handler, Settings(o, prefix, cacheSeconds: 300), body.PlayAllowed));
            baselineCold.Add(await Server.ColdStartAsync(o.Baseline, new(), body.PlayAllowed));
            baselineJitCold.Add(await Server.ColdStartAsync(o.BaselineJit, new(), body.PlayAllowed));
        }
        cold.Sort();
        baselineCold.Sort();
        baselineJitCold.Sort();

        foreach (var line in captureCheck.Wrong) Console.Error.WriteLine("bench: capture not answered as MediaServer needs: " + line);
        return (Report.Markdown(o, results, wrk, captureCheck, small, large, cold, baselineCold, baselineJitCold, rssKb),
            results.Sum(r => r.Failures) + small.Failures + large.Failures + (int)wrk.Sum(w => w.Wrong) + captureCheck.Wrong.Count);
    }

    public static async Task<List<double>> ColdOnlyAsync(BenchOptions o)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        await Seed.RulesAsync(o.Storage, prefix);
        var body = Bodies.Load(o.Captures);
        var cold = new List<double>();
        for (var i = 0; i < o.ColdStarts; i++)
            cold.Add(await Server.ColdStartAsync(o.Handler, Settings(o, prefix, cacheSeconds: 300), body.PlayAllowed));
        cold.Sort();
        return cold;
    }

    public static async Task<List<Wrk.Cell>> WrkOnlyAsync(BenchOptions o)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        await Seed.RulesAsync(o.Storage, prefix);
        var body = Bodies.Load(o.Captures);
        await using var cached = await Server.StartAsync("handler", o.Handler, [], Settings(o, prefix, cacheSeconds: 300));
        await using var baseline = await Server.StartAsync("baseline", o.Baseline, [], new());
        var c = o.Concurrency[^1];
        var seconds = o.Smoke ? 2 : 5;
        await Wrk.RunAsync("warm-up", baseline.Url("on_play"), body.PlayAllowed, c, 2);
        await Wrk.RunAsync("warm-up", cached.Url("on_play"), body.PlayAllowed, c, 2);
        return
        [
            await Wrk.RunAsync("baseline", baseline.Url("on_play"), body.PlayAllowed, c, seconds),
            await Wrk.RunAsync("on_play allow (cached rule)", cached.Url("on_play"), body.PlayAllowed, c, seconds),
            await Wrk.RunAsync("baseline", baseline.Url("on_play"), body.PlayAllowed, c, seconds),
            await Wrk.RunAsync("on_play allow (cached rule)", cached.Url("on_play"), body.PlayAllowed, c, seconds),
        ];
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

    private static Dictionary<string, string> Settings(BenchOptions o, string prefix, int cacheSeconds) => new()
    {
        ["ZlmHooks__FunctionKeys"] = Key,
        ["ZlmHooks__Storage__Connection"] = o.Storage,
        ["ZlmHooks__Storage__TablePrefix"] = prefix,
        ["ZlmHooks__AccessRules__CacheSeconds"] = cacheSeconds.ToString(CultureInfo.InvariantCulture),
        ["ZlmHooks__Events__QueueName"] = prefix + "-events",
        ["ZlmHooks__Recordings__Container"] = prefix + "-rec",
    };

    public static string Code => Key;
}

/// <summary>The request bodies, from the real captures.</summary>
internal sealed record Bodies(byte[] PlayAllowed, byte[] PlayDenied, byte[] Publish, byte[] StreamChanged)
{
    /// <summary>Registers of 500 streams × 6 schemas, in the order a busy server sends them: consecutive
    /// requests are for different streams, as they are when many streams start.</summary>
    public byte[][] StreamChanges()
    {
        string[] schemas = ["rtsp", "rtmp", "ts", "fmp4", "hls", "hls.fmp4"];
        return [.. Enumerable.Range(0, 3000).Select(i =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(StreamChanged)!.AsObject();
            node["stream"] = $"bench{i % 500:D3}";
            node["schema"] = schemas[i / 500 % 6];
            node["hook_index"] = 100000 + i;
            return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        })];
    }

    /// <summary>The body of one raw captured request (after its blank line).</summary>
    public static byte[] BodyOf(string path)
    {
        var raw = File.ReadAllBytes(path);
        var at = raw.AsSpan().IndexOf("\n\n"u8);
        var crlf = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        return crlf >= 0 && (at < 0 || crlf < at) ? raw[(crlf + 4)..] : raw[(at + 2)..];
    }

    public static Bodies Load(string captures)
    {
        byte[] Body(string file) => BodyOf(Path.Combine(captures, file));
        return new Bodies(Body("on_play__001.http"), Body("on_play__003.http"), Body("on_publish__001.http"), Body("on_stream_changed__001.http"));
    }
}

internal static class Seed
{
    /// <summary>The rules the scenarios need, written with the admin command the operator uses.</summary>
    public static async Task RulesAsync(string storage, string prefix)
    {
        var settings = new Dictionary<string, string?> { ["ZlmHooks:Storage:Connection"] = storage, ["ZlmHooks:Storage:TablePrefix"] = prefix };
        string[][] commands =
        [
            ["init"],
            ["rules", "add", "--id", "cam1", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow"],
            ["rules", "add", "--id", "push", "--action", "publish", "--app", "live", "--stream", "*", "--effect", "allow",
                "--options", """{"enable_mp4":true,"mp4_max_second":600,"enable_hls":true,"enable_rtsp":false}"""],
        ];
        foreach (var command in commands)
            if (await ZlmHooks.Cli.AdminCommands.RunAsync(command, TextWriter.Null, settings) != 0)
                throw new InvalidOperationException("seeding failed: " + string.Join(' ', command));
    }

    /// <summary>Many exact play rules for other streams of the same app and vhost (the partition the
    /// measured lookup reads), in batches of 100 (one partition per transaction).</summary>
    public static async Task ManyRulesAsync(string storage, string prefix, int count)
    {
        var table = new TableClient(storage, prefix + "rules");
        await Parallel.ForEachAsync(Enumerable.Range(0, (count + 99) / 100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            var actions = Enumerable.Range(batch * 100, Math.Min(100, count - batch * 100)).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity("play|*", $"live|bench{i:D6}")
                {
                    ["Rules0"] = $$"""[{"id":"bench{{i}}","action":"play","vhost":"*","app":"live","stream":"bench{{i:D6}}","effect":"Allow"}]""",
                    ["Count"] = 1,
                })).ToList();
            await table.SubmitTransactionAsync(actions, ct);
        });
    }
}

/// <summary>A server under test in its own process, its output drained so logging never blocks it.</summary>
internal sealed class Server : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _port;

    private Server(Process process, int port)
    {
        _process = process;
        _port = port;
    }

    public Uri Url(string hook) => new($"http://127.0.0.1:{_port}/index/hook/{hook}?code={Bench.Code}");

    public static Process Launch(string path, string[] args, Dictionary<string, string> env, int port)
    {
        var dll = path.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(dll ? "dotnet" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll) start.ArgumentList.Add(path);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        start.Environment["ZlmHooks__Urls"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<Server> StartAsync(string name, string path, string[] args, Dictionary<string, string> env)
    {
        var port = FreePort();
        var process = Launch(path, args, env, port);
        using var client = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var ping = await client.GetAsync($"http://127.0.0.1:{port}/");
                return new Server(process, port);
            }
            catch (HttpRequestException)
            {
                if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode}");
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"{name} did not start");
    }

    /// <summary>Milliseconds from exec to the first on_play answered code 0.</summary>
    public static async Task<double> ColdStartAsync(string path, Dictionary<string, string> env, byte[] play)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/index/hook/on_play?code={Bench.Code}");
        using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) };
        using var client = new HttpClient(handler);
        var watch = Stopwatch.StartNew();
        using var process = Launch(path, [], env, port);
        try
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    var (status, body) = await Load.SendAsync(client, url, play);
                    if (status == 200 && body.Contains("\"code\":0", StringComparison.Ordinal)) return watch.Elapsed.TotalMilliseconds;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(2);
                }
            }
            throw new TimeoutException("no on_play answer within 30 s");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public long ResidentKb()
    {
        var line = File.ReadAllLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

internal static class Report
{
    public static string Markdown(BenchOptions o, List<Result> results, List<Wrk.Cell> wrk, CaptureCheck.Outcome captures, Result small, Result large, List<double> cold, List<double> baselineCold, List<double> baselineJitCold, long rssKb)
    {
        var md = new StringBuilder();
        string F(double v) => v.ToString(v >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
        md.AppendLine(CultureInfo.InvariantCulture, $"# Benchmarks{(o.Smoke ? " (smoke run: tiny sizes, not results)" : "")}");
        md.AppendLine();
        md.AppendLine("Regenerated by `./bench.sh` (the numbers below are from its last full run). Everything runs on loopback on one");
        md.AppendLine("machine: the load generator, the server under test, and Azurite (in-memory) share its cores, so absolute");
        md.AppendLine("numbers are this machine's; the ratios to the baseline are what carries over.");
        md.AppendLine();
        md.AppendLine("## Machine and command");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine(CultureInfo.InvariantCulture, $"- CPU: {Machine.Cpu()} ({Environment.ProcessorCount} cores seen), memory {Machine.MemoryGb()} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- .NET {Environment.Version}; handler: `{Path.GetFileName(o.Handler)}` published Release ({Machine.Flavour(o.Handler)})");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `./bench.sh{(o.Smoke ? " --smoke" : "")}`: {o.Requests:N0} requests per cell (Azurite-backed cells a quarter, notifications a tenth), closed loop, one connection per concurrent client, after a warm-up");
        md.AppendLine("- Handler configuration: as deployed (function key checked, Information logging to stdout, which is drained), rules and events on Azurite; `on_stream_changed` writes the registry and publishes its event to the local queue");
        md.AppendLine();
        md.AppendLine("## Throughput and latency");
        md.AppendLine();
        // Both tables (the C# generator's and wrk's) share one layout, so their columns read alike.
        void Header(string clients, string bad)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| scenario | {clients} | req/s | × baseline | p50 ms | p90 ms | p99 ms | max ms | {bad} |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        }
        void Row(string scenario, int clients, double throughput, double baseline, double p50, double p90, double p99, double max, long bad) =>
            md.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {clients} | {throughput:N0} | {throughput / baseline:0.00} | {F(p50)} | {F(p90)} | {F(p99)} | {F(max)} | {bad} |");

        Header("clients", "failed");
        foreach (var r in results)
        {
            var baseline = results.First(b => b.Scenario == Bench.BaselineScenario && b.Concurrency == r.Concurrency);
            Row(r.Scenario, r.Concurrency, r.Throughput, baseline.Throughput, r.P(0.5), r.P(0.9), r.P(0.99), r.Max, r.Failures);
        }
        md.AppendLine();
        md.AppendLine("### Cross-check with wrk");
        md.AppendLine();
        if (wrk.Count == 0)
        {
            md.AppendLine("Not run (smoke run, or wrk not installed: `apt-get install wrk`).");
        }
        else
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"wrk 4 (2 threads, {wrk[0].Connections} connections; each figure the median of {Bench.WrkRuns} runs of {Bench.WrkSeconds} s; every answer checked by `bench/wrk-post.lua`), against baselines started beside the handler. The paced rows keep the connections but pause {Bench.PauseMs} ms between a connection's requests (wrk's `delay`), so their latency is that of a heavy, unsaturated load:");
            md.AppendLine();
            Header("connections", "wrong");
            var wrkBasis = wrk.First(w => w.Scenario == Bench.BaselineScenario);
            foreach (var w in wrk)
                Row(w.Scenario, w.Connections, w.Throughput, wrkBasis.Throughput, w.P50, w.P90, w.P99, w.Max, w.Wrong);
        }
        md.AppendLine();
        md.AppendLine("## Cold start, memory, rule table size");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Cold start, exec to the first `on_play` allowed (rule read from Azurite): median **{F(Median(cold))} ms** of {cold.Count} (min {F(cold[0])}, max {F(cold[^1])}); the baseline, exec to its first answer: median {F(Median(baselineCold))} ms ({Machine.Flavour(o.Baseline)}), {F(Median(baselineJitCold))} ms JIT-compiled as `dotnet run` starts it; the handler is {Machine.Flavour(o.Handler)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Resident memory of the handler after its load: **{rssKb / 1024.0:0} MiB**");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Every capture in `../shared/zlm-captures` sent to this published handler: {captures.Total - captures.Wrong.Count} of {captures.Total} answered HTTP 200 with an integer `code`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- `on_play` read from Azurite at {small.Concurrency} clients: few rules p50 {F(small.P(0.5))} ms / p99 {F(small.P(0.99))} ms; after adding {o.Rules:N0} rules to the same partition: p50 {F(large.P(0.5))} ms / p99 {F(large.P(0.99))} ms (ratio p50 {large.P(0.5) / small.P(0.5):0.00})");
        md.AppendLine();
        md.AppendLine("## Against the targets (issue 8)");
        md.AppendLine();
        var top = results.Where(r => r.Concurrency == o.Concurrency[^1]).ToList();
        var warm = top.First(r => r.Scenario.StartsWith("on_play allow (cached", StringComparison.Ordinal));
        var basis = top.First(r => r.Scenario == Bench.BaselineScenario);
        var azurite = results.Where(r => r.Scenario.StartsWith("on_play allow (rule read", StringComparison.Ordinal)).OrderBy(r => r.Concurrency).First();
        string Mark(bool ok) => ok ? "met" : "**not met**";
        md.AppendLine(CultureInfo.InvariantCulture, $"| target | measured | |");
        md.AppendLine("|---|---|---|");
        var jitBasis = top.First(r => r.Scenario == Bench.JitBaselineScenario);
        md.AppendLine(CultureInfo.InvariantCulture, $"| warm on_play allow ≥ 0.9× baseline throughput at {warm.Concurrency} clients | {warm.Throughput / basis.Throughput:0.00}× ({warm.Throughput / jitBasis.Throughput:0.00}× the JIT-compiled baseline) | {Mark(warm.Throughput / basis.Throughput >= 0.9)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| warm on_play allow p99 < 2 ms at {warm.Concurrency} clients | {F(warm.P(0.99))} ms | {Mark(warm.P(0.99) < 2)} |");
        if (wrk.Count > 0)
        {
            var wrkPlay = wrk.First(w => w.Scenario == "on_play allow (cached rule)");
            var wrkBasis = wrk.First(w => w.Scenario == Bench.BaselineScenario);
            var wrkJit = wrk.First(w => w.Scenario == Bench.JitBaselineScenario);
            md.AppendLine(CultureInfo.InvariantCulture, $"| the same, measured with wrk: ≥ 0.9× baseline at {wrkPlay.Connections} connections | {wrkPlay.Throughput / wrkBasis.Throughput:0.00}× ({wrkPlay.Throughput / wrkJit.Throughput:0.00}× the JIT-compiled baseline) | {Mark(wrkPlay.Throughput / wrkBasis.Throughput >= 0.9)} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| the same, measured with wrk: p99 < 2 ms at {wrkPlay.Connections} connections | {F(wrkPlay.P99)} ms (baseline {F(wrkBasis.P99)} ms) | {Mark(wrkPlay.P99 < 2)} |");
            var paced = wrk.First(w => w.Scenario == "on_play allow (cached rule)" + Bench.PacedSuffix);
            var pacedBasis = wrk.First(w => w.Scenario == Bench.BaselineScenario + Bench.PacedSuffix);
            md.AppendLine(CultureInfo.InvariantCulture, $"| (not the target, for reading it) p99 at {paced.Connections} connections paced to {paced.Throughput:N0} req/s | {F(paced.P99)} ms (baseline {F(pacedBasis.P99)} ms at {pacedBasis.Throughput:N0} req/s) | {(paced.P99 < 2 ? "under 2 ms" : "over 2 ms")} |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| Azurite-backed on_play p50 < 5 ms ({azurite.Concurrency} client) | {F(azurite.P(0.5))} ms | {Mark(azurite.P(0.5) < 5)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cold start < 250 ms | {F(Median(cold))} ms | {Mark(Median(cold) < 250)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| a large rule table does not slow on_play | p50 ×{large.P(0.5) / small.P(0.5):0.00} | {Mark(large.P(0.5) / small.P(0.5) < 1.25)} |");
        // The hand-written part (how to read it, what changed): kept in bench/notes.md so a rerun keeps it.
        var notes = Path.Combine(AppContext.BaseDirectory, "notes.md");
        if (File.Exists(notes))
        {
            md.AppendLine();
            md.Append(File.ReadAllText(notes));
        }
        return md.ToString();
    }

    private static double Median(List<double> sorted) => sorted[sorted.Count / 2];
}

internal static class Machine
{
    public static string Cpu() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";

    public static string MemoryGb() =>
        File.Exists("/proc/meminfo") ? (long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024).ToString("0", CultureInfo.InvariantCulture) : "?";

    public static string Flavour(string handler) =>
        handler.EndsWith(".dll", StringComparison.Ordinal) ? "framework-dependent"
        : File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(handler))!, "libcoreclr.so")) ? "self-contained, JIT/ReadyToRun"
        : "Native AOT executable";
}
