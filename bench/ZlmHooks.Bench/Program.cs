using System.CommandLine;
using System.Globalization;
using ZlmHooks.Bench;

var root = new RootCommand("The ZlmHooks benchmark: hooks against the bare-Kestrel baseline, cold start, memory, a large rule table (bench.sh runs it).");
foreach (var option in BenchOptions.All) root.Options.Add(option);
root.SetAction(async (parse, cancellationToken) =>
{
    var options = BenchOptions.From(parse);
    Phase.KillDuring = parse.GetValue(BenchOptions.KillHandlerDuring);
    Phase.ProgressSeconds = parse.GetValue(BenchOptions.ProgressSeconds) ?? 30;
    if (parse.GetValue(BenchOptions.FuzzOnly))
    {
        var (lines, fuzzFailed) = await Bench.FuzzOnlyAsync(options);
        Console.WriteLine(lines);
        if (fuzzFailed > 0) Console.Error.WriteLine("bench: the fuzz phase failed (see above)");
        return fuzzFailed > 0 ? 1 : 0;
    }
    if (parse.GetValue(BenchOptions.ColdOnly))
    {
        var cold = await Bench.ColdOnlyAsync(options);
        Console.WriteLine(string.Join(' ', cold.Select(c => c.ToString("0", CultureInfo.InvariantCulture))) + " ms");
        return 0;
    }
    if (parse.GetValue(BenchOptions.FleetOnly))
    {
        var (fleet, fleetFailed) = await Bench.FleetOnlyAsync(options);
        Console.WriteLine(fleet);
        return fleetFailed > 0 ? 1 : 0;
    }
    if (parse.GetValue(BenchOptions.HostsWorker) is { } worker)
    {
        Console.WriteLine(await Hosts.RunAsync(options, worker.FullName));
        return 0;
    }
    if (parse.GetValue(BenchOptions.WrkOnly))
    {
        foreach (var cell in await Bench.WrkOnlyAsync(options))
            Console.WriteLine(FormattableString.Invariant($"{cell.Scenario,-52} {cell.Throughput,10:N0} req/s  p50 {cell.P50:0.00}  p99 {cell.P99:0.00} ms  wrong {cell.Wrong}"));
        return 0;
    }
    var (report, failed) = await Bench.RunAsync(options);
    Directory.CreateDirectory(Path.GetDirectoryName(options.Out)!);
    await File.WriteAllTextAsync(options.Out, report, cancellationToken);
    Console.WriteLine(report);
    // A benchmark of wrong answers measures nothing: any failed request or phase fails the run (and CI's smoke run).
    if (failed > 0) Console.Error.WriteLine($"bench: the run failed: {failed} wrong answer(s) or failed phase(s); see the report's Failed phases ({options.Out})");
    return failed > 0 ? 1 : 0;
});
return await root.Parse(args).InvokeAsync();
