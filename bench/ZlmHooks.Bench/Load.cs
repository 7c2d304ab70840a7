using System.Diagnostics;
using System.Net;

namespace ZlmHooks.Bench;

/// <summary>A closed-loop load generator: <c>concurrency</c> workers, each with its own connection,
/// send the same request back to back until <c>requests</c> are done; every latency is kept.</summary>
internal static class Load
{
    public static Task<Result> RunAsync(string scenario, Uri url, byte[] body, int concurrency, int requests, Func<string, bool> ok) =>
        RunAsync(scenario, url, [body], concurrency, requests, ok);

    /// <summary>Request i sends bodies[i % n]: many streams for the notification scenario.</summary>
    public static async Task<Result> RunAsync(string scenario, Uri url, byte[][] bodies, int concurrency, int requests, Func<string, bool> ok)
    {
        var body = bodies[0];
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        // Warm the connections and the server's caches; not measured.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => SendAsync(client, url, body)));
        for (var i = 0; i < Math.Min(200, requests / 10); i++) await SendAsync(client, url, body);

        return await ClosedLoopAsync(scenario, concurrency, requests, async (_, i) =>
        {
            var (status, text) = await SendAsync(client, url, bodies[i % bodies.Length]);
            return status == 200 && ok(text);
        });
    }

    /// <summary><paramref name="concurrency"/> workers each run <paramref name="operation"/> (given the
    /// worker's number and the operation's) back to back until <paramref name="count"/> are done; every
    /// latency is kept, and an operation that returns false counts as failed.</summary>
    public static async Task<Result> ClosedLoopAsync(string scenario, int concurrency, int count, Func<int, int, Task<bool>> operation)
    {
        Phase.Step(scenario + (concurrency > 1 ? $" at {concurrency} clients" : ""), count);
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                var started = Stopwatch.GetTimestamp();
                var succeeded = await operation(worker, i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!succeeded) Interlocked.Increment(ref failures);
                Phase.Count(1, succeeded ? 0 : 1);
            }
        }));
        total.Stop();
        Array.Sort(latencies);
        return new Result(scenario, concurrency, count, total.Elapsed.TotalSeconds, latencies, failures);
    }

    public static async Task<(int Status, string Body)> SendAsync(HttpClient client, Uri url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync(url, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
