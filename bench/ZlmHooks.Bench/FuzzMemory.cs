using System.Collections.Concurrent;
using ZlmHooks.Tests.Fuzz;

namespace ZlmHooks.Bench;

/// <summary>
/// Resident memory of the published handler under the fuzz suite's mutations (issue 14): what
/// clients choose (stream names, notification bodies) must not grow it without bound. RSS after
/// 1,000 cases and after all of them, 8 at a time; any 5xx or unanswered case is a failure.
/// </summary>
internal static class FuzzMemory
{
    public sealed record Outcome(int Cases, long RssKbAt1000, long RssKbAtEnd, int Failures, double Seconds);

    /// <param name="events">The queue the handler's events go to: emptied every 10,000 cases, since
    /// Azurite keeps every message in its own memory and stalls once that passes a gigabyte or so.</param>
    public static async Task<Outcome> RunAsync(Server handler, string captures, string key, int cases, Azure.Storage.Queues.QueueClient events)
    {
        var seeds = Directory.GetFiles(captures, "*.http").Order(StringComparer.Ordinal)
            .Select(f => new FuzzSeed(Path.GetFileName(f), Path.GetFileName(f).Split("__")[0], Bodies.BodyOf(f))).ToList();
        var mutator = new Mutator(14, key, seeds);
        var failures = new ConcurrentQueue<string>();
        var address = handler.Url("on_play");
        var root = new Uri($"{address.Scheme}://{address.Authority}/");
        long at1000 = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        var gone = false;
        Phase.Step("fuzz cases, 8 at a time", cases);
        await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
        {
            // A handler that has gone answers nothing more: the rest of the cases are not sent.
            if (gone || (gone = handler.HasExited)) return;
            Interlocked.Increment(ref sent);
            if (index == Math.Min(1000, cases / 2)) Interlocked.Exchange(ref at1000, handler.ResidentKb());
            if (index > 0 && index % 10_000 == 0) await events.ClearMessagesAsync();
            var c = mutator.Create(index);
            try
            {
                var answer = await FuzzSender.SendAsync(root, c.Request, c.Method == "HEAD");
                var bad = answer.Status is 0 or >= 500;
                if (bad) failures.Enqueue($"#{index} {c.Hook} ({c.Mutations}): HTTP {answer.Status} after {watch.Elapsed.TotalSeconds:0.0} s");
                Phase.Count(1, bad ? 1 : 0);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException)
            {
                failures.Enqueue($"#{index} {c.Hook} ({c.Mutations}): {e.GetType().Name} after {watch.Elapsed.TotalSeconds:0.0} s");
                Phase.Count(1, 1);
            }
        });
        foreach (var failure in failures.Take(10)) Console.Error.WriteLine("bench: fuzz case failed: " + failure);
        if (gone || handler.HasExited)
            throw new InvalidOperationException($"the handler ended after {sent:N0} of {cases:N0} fuzz cases ({failures.Count:N0} failed): {handler.State()}");
        return new Outcome(cases, at1000, handler.ResidentKb(), failures.Count, watch.Elapsed.TotalSeconds);
    }
}
