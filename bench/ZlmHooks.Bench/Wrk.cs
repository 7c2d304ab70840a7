using System.Diagnostics;
using System.Globalization;

namespace ZlmHooks.Bench;

/// <summary>
/// A second opinion from wrk (C, epoll, from Debian's packages): it spends far less CPU per request
/// than the C# generator, so on a machine where client and server share the cores it leaves more to
/// the server and shows the server's own cost. Used only when wrk is on PATH.
/// </summary>
internal static class Wrk
{
    public sealed record Cell(string Scenario, int Connections, double Throughput, double P50, double P90, double P99, double Max, long Wrong);

    public static bool Available() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "wrk")));

    /// <summary>Runs a cell <paramref name="runs"/> times and keeps the median of each figure: on a
    /// shared two-core VM one stall can triple a single run's p99.</summary>
    /// <param name="pauseMs">When set, each connection pauses this long between requests: the same
    /// concurrency at a paced rate instead of flat out.</param>
    public static async Task<Cell> RunAsync(string scenario, Uri url, byte[] body, int connections, int seconds, int? pauseMs = null, int runs = 1)
    {
        var cells = new List<Cell>();
        for (var i = 0; i < runs; i++) cells.Add(await RunOnceAsync(scenario, url, body, connections, seconds, pauseMs));
        return Median(cells);
    }

    /// <summary>The median of each figure over runs of one cell (the wrong answers summed).</summary>
    public static Cell Median(IReadOnlyList<Cell> cells)
    {
        double Of(Func<Cell, double> figure) => cells.Select(figure).Order().ElementAt(cells.Count / 2);
        return new Cell(cells[0].Scenario, cells[0].Connections, Of(c => c.Throughput), Of(c => c.P50), Of(c => c.P90), Of(c => c.P99),
            Of(c => c.Max), cells.Sum(c => c.Wrong));
    }

    private static async Task<Cell> RunOnceAsync(string scenario, Uri url, byte[] body, int connections, int seconds, int? pauseMs)
    {
        var bodyFile = Path.GetTempFileName();
        await File.WriteAllBytesAsync(bodyFile, body);
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "wrk-post.lua");
            var start = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{seconds}s", "-s", script, url.ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["WRK_BODY"] = bodyFile;
            if (pauseMs is { } pause) start.Environment["WRK_DELAY_MS"] = pause.ToString(CultureInfo.InvariantCulture);
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("wrk-result ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("wrk printed no result: " + output + await process.StandardError.ReadToEndAsync());
            var f = line.Split(' ')[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return new Cell(scenario, connections, f[0] / f[2], f[3], f[4], f[5], f[6], (long)f[1]);
        }
        finally
        {
            File.Delete(bodyFile);
        }
    }
}
