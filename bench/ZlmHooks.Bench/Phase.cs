using System.Diagnostics;
using System.Globalization;

namespace ZlmHooks.Bench;

/// <summary>
/// One phase of a run (issue 34): says on stderr when it starts and ends and, while it runs, every
/// <see cref="ProgressSeconds"/> what it is doing (step, cases done of total, failures so far,
/// elapsed). An exception in it, or a wrong answer, makes it a failed phase, named in the report
/// with its reason and how each server it started ended; the other phases still run. The logs of
/// the servers it started are kept when it failed (<c>bench/out/failed-…log</c>), deleted when not.
/// </summary>
internal sealed class Phase
{
    private static readonly AsyncLocal<Phase?> CurrentPhase = new();
    private readonly List<Server> _servers = [];
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _done, _total, _failed, _stepFailed;
    private string _step = "starting";

    private Phase(string name) => Name = name;

    public string Name { get; }

    /// <summary>The phase the calling code runs in (flows through awaits), or none.</summary>
    public static Phase? Current => CurrentPhase.Value;

    /// <summary>Seconds between progress lines (30; the failure check uses less).</summary>
    public static int ProgressSeconds { get; set; } = 30;

    /// <summary>The phase in which to SIGKILL the handler mid-way (<c>--kill-handler-during</c>): proves a
    /// run reports a handler that dies instead of dying with it.</summary>
    public static string? KillDuring { get; set; }

    public sealed record ServerEnd(string Server, int Port, string State, string? Log);

    public sealed record Failure(string Phase, string Reason, List<ServerEnd> Servers);

    /// <summary>Where kept logs go: bench/out (the program runs from bench/out/bench).</summary>
    public static string KeptLogs { get; set; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, ".."));

    internal void Started(Server server)
    {
        lock (_servers) _servers.Add(server);
    }

    /// <summary>A new step of the current phase: what it does and how many units it has (0: unknown).</summary>
    public static void Step(string what, long total = 0)
    {
        if (Current is not { } p) return;
        lock (p._servers)
        {
            p._step = what;
            Interlocked.Exchange(ref p._done, 0);
            Interlocked.Exchange(ref p._stepFailed, 0);
            Interlocked.Exchange(ref p._total, total);
        }
    }

    /// <summary>Units done in the current step (requests, cases, rules), and how many of them failed.</summary>
    public static void Count(long done = 1, long failed = 0)
    {
        if (Current is not { } p) return;
        Interlocked.Add(ref p._done, done);
        if (failed == 0) return;
        Interlocked.Add(ref p._failed, failed);
        Interlocked.Add(ref p._stepFailed, failed);
    }

    private string Progress()
    {
        string step;
        long done, total;
        lock (_servers)
        {
            step = _step;
            done = Interlocked.Read(ref _done);
            total = Interlocked.Read(ref _total);
        }
        var count = total > 0 ? $"{done:N0} / {total:N0}" : $"{done:N0} done";
        return string.Create(CultureInfo.InvariantCulture, $"bench: [{Name}] {step}: {count}, {Interlocked.Read(ref _failed):N0} failed so far, {Elapsed(_watch.Elapsed)} into the phase");
    }

    public static string Elapsed(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:D2}s")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0}s");

    /// <summary>Runs one phase; <paramref name="body"/> returns how many of its requests failed. A thrown
    /// exception or a failed request makes it a failure (added to <paramref name="failures"/>).
    /// Returns whether the phase ran to its end (false: it threw, and what it measured is missing).</summary>
    public static async Task<bool> RunAsync(string name, string what, List<Failure> failures, Func<Task<int>> body)
    {
        var phase = new Phase(name);
        CurrentPhase.Value = phase;
        Console.Error.WriteLine($"bench: [{name}] starting: {what}");
        using var stop = new CancellationTokenSource();
        var ticker = phase.TickAsync(stop.Token);
        var killer = KillDuring == name ? phase.KillMidwayAsync(stop.Token) : Task.CompletedTask;
        string? reason = null;
        var ran = true;
        try
        {
            var failed = await body();
            if (failed > 0) reason = $"{failed:N0} request(s) answered wrongly or not at all";
        }
#pragma warning disable CA1031 // Any exception of a phase is its failure, reported; the run goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ran = false;
            reason = $"{e.GetType().Name}: {e.Message}";
            Console.Error.WriteLine($"bench: [{name}] failed: {e}");
        }
        finally
        {
            await stop.CancelAsync();
            await ticker;
            await killer;
            CurrentPhase.Value = null;
        }

        var ends = new List<ServerEnd>();
        lock (phase._servers)
        {
            foreach (var server in phase._servers)
            {
                string? kept = null;
                if (reason is not null && File.Exists(server.Log))
                {
                    Directory.CreateDirectory(KeptLogs);
                    kept = Path.Combine(KeptLogs, string.Create(CultureInfo.InvariantCulture,
                        $"failed-{Slug(name)}-{Slug(server.Name)}-{server.Port}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log"));
                    File.Copy(server.Log, kept, overwrite: true);
                }
                ends.Add(new ServerEnd(server.Name, server.Port, server.State(), kept));
                File.Delete(server.Log);
            }
        }
        if (reason is null)
        {
            Console.Error.WriteLine($"bench: [{name}] done in {Elapsed(phase._watch.Elapsed)}");
            return ran;
        }
        failures.Add(new Failure(name, reason, ends));
        Console.Error.WriteLine($"bench: [{name}] FAILED after {Elapsed(phase._watch.Elapsed)}: {reason}");
        foreach (var end in ends)
            Console.Error.WriteLine($"bench: [{name}]   {end.Server} (port {end.Port}): {end.State}; its log: {end.Log ?? "none"}");
        return ran;
    }

    private async Task TickAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(ProgressSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) Console.Error.WriteLine(Progress());
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }
    }

    /// <summary>Once the phase has done 100 units of its step (or after 2 s), SIGKILLs its handlers.</summary>
    private async Task KillMidwayAsync(CancellationToken stop)
    {
        try
        {
            var waited = Stopwatch.StartNew();
            while (Interlocked.Read(ref _done) < 100 || _servers.Count == 0)
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(2) && _servers.Count > 0) break;
                await Task.Delay(20, stop);
            }
            Server[] handlers;
            lock (_servers) handlers = [.. _servers.Where(s => s.Name.StartsWith("handler", StringComparison.Ordinal) && !s.HasExited)];
            foreach (var handler in handlers)
            {
                Console.Error.WriteLine($"bench: [{Name}] SIGKILLing the handler (port {handler.Port}) mid-phase, as --kill-handler-during asked");
                handler.Kill();
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended first.
        }
    }

    private static string Slug(string s) => new([.. s.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}
