using System.CommandLine;

namespace ZlmHooks.Bench;

/// <summary>What one benchmark run measures, from its command line (typed options; bench.sh passes them).</summary>
/// <param name="Baseline">bench/ZlmHooks.Baseline published as the handler is (Native AOT).</param>
/// <param name="BaselineJit">The same baseline JIT-compiled (its .dll), as a reference row.</param>
internal sealed record BenchOptions(string Handler, string Baseline, string BaselineJit, string Storage, string Captures, string Out, bool Smoke, int Requests, int Rules, int ColdStarts, int[] Concurrency, int FuzzCases)
{
    private static readonly Option<FileInfo> HandlerOption = new("--handler") { Description = "The published handler executable", Required = true };
    private static readonly Option<FileInfo> BaselineOption = new("--baseline") { Description = "The Native AOT baseline executable", Required = true };
    private static readonly Option<FileInfo> BaselineJitOption = new("--baseline-jit") { Description = "The JIT-compiled baseline (.dll)", Required = true };
    private static readonly Option<string> StorageOption = new("--storage") { Description = "Azurite connection string", Required = true };
    private static readonly Option<DirectoryInfo> CapturesOption = new("--captures") { Description = "Folder of real MediaServer requests (*.http)", Required = true };
    private static readonly Option<FileInfo> OutOption = new("--out") { Description = "Where to write the report", Required = true };
    private static readonly Option<bool> SmokeOption = new("--smoke") { Description = "Tiny sizes: proves the benchmark works (CI), measures nothing" };
    private static readonly Option<int?> RequestsOption = Positive("--requests", "Requests per cell (default 20,000; smoke 300)");
    private static readonly Option<int?> RulesOption = Positive("--rules", "Rules added for the table-size cell (default 100,000; smoke 500)");
    private static readonly Option<int?> ColdStartsOption = Positive("--cold-starts", "Cold starts measured (default 7; smoke 1)");
    private static readonly Option<int?> FuzzCasesOption = Positive("--fuzz-cases", "Fuzz cases sent for the memory figure (default 100,000; smoke 2,000)");

    public static readonly Option<bool> ColdOnly = new("--cold-only") { Description = "Only the cold starts, printed (for iterating on start-up)" };
    public static readonly Option<bool> FleetOnly = new("--fleet-only") { Description = "Only the fleet-scale section, printed (restart, notifications, mass reconnect, events)" };
    public static readonly Option<DirectoryInfo> HostsWorker = new("--hosts") { Description = "Only the two hosts side by side (issue 30): the published isolated worker's folder, driven through the tests' Functions host, against the handler and the baseline; printed" };
    public static readonly Option<bool> WrkOnly = new("--wrk-only") { Description = "Only the wrk cells, printed, with the batched and the stock console logger (for per-request cost)" };

    public static readonly Option<bool> FuzzOnly = new("--fuzz-only") { Description = "Only the fuzz phase, its report lines printed (for looking into the handler under it)" };
    public static readonly Option<string?> KillHandlerDuring = new("--kill-handler-during") { Description = "The failure check (issue 34): SIGKILL the handler mid-way through this phase (seed, cached, rule-table, fuzz, fleet); the run must report it and fail, not die" };
    public static readonly Option<int?> ProgressSeconds = Positive("--progress-seconds", "Seconds between the progress lines of a running phase (default 30)");

    public static IEnumerable<Option> All =>
        [HandlerOption, BaselineOption, BaselineJitOption, StorageOption, CapturesOption, OutOption, SmokeOption, RequestsOption, RulesOption, ColdStartsOption, FuzzCasesOption, ColdOnly, WrkOnly, FleetOnly, HostsWorker, FuzzOnly, KillHandlerDuring, ProgressSeconds];

    public static BenchOptions From(ParseResult p)
    {
        var smoke = p.GetValue(SmokeOption);
        return new BenchOptions(p.GetValue(HandlerOption)!.FullName, p.GetValue(BaselineOption)!.FullName, p.GetValue(BaselineJitOption)!.FullName,
            p.GetValue(StorageOption)!, p.GetValue(CapturesOption)!.FullName, p.GetValue(OutOption)!.FullName, smoke,
            p.GetValue(RequestsOption) ?? (smoke ? 300 : 20000),
            p.GetValue(RulesOption) ?? (smoke ? 500 : 100000),
            p.GetValue(ColdStartsOption) ?? (smoke ? 1 : 7),
            smoke ? [1, 4] : [1, 16, 64],
            p.GetValue(FuzzCasesOption) ?? (smoke ? 2000 : 100_000));
    }

    private static Option<int?> Positive(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r => { if (r.GetValue(option) is <= 0) r.AddError($"{name} must be more than 0"); });
        return option;
    }
}
