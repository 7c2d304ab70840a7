using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using ZlmHooks.Hooks;
using ZlmHooks.Tests.Fuzz;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// The fuzz suite (issue 14): seeded mutations of every capture against the real app on Kestrel with
/// its tables, blobs and queue on the real Azurite. For every answer: no 5xx, no stack trace or .NET
/// type name, an auth hook's allow only where a rule allows that exact request, and the process still
/// answering at the end. 10,000 cases by default; <c>./fuzz.sh --iterations N --seed S</c> for more.
/// </summary>
[Collection(Alone)]
public sealed partial class FuzzTests(ITestOutputHelper output)
{
    /// <summary>Run by itself: 8 connections flat out would slow the Azurite every other test shares
    /// past their own timeouts on a 2-core machine.</summary>
    public const string Alone = "fuzz, alone";

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    [GeneratedRegex(@"Exception|\s+at [A-Z]|System\.|Microsoft\.|Azure\.|ZlmHooks\.[A-Z]")]
    private static partial Regex Internals();

    [Fact]
    public async Task Seeded_mutations_of_every_capture_get_no_5xx_no_internals_and_no_wrongful_allow()
    {
        var iterations = Setting("ZLMHOOKS_FUZZ_ITERATIONS", 10_000);
        var seed = Setting("ZLMHOOKS_FUZZ_SEED", 14);
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:Events:QueueName"] = "fuzz" + Guid.NewGuid().ToString("N")[..8],
            ["ZlmHooks:MaxBodyBytes"] = "65536",
        });
        // The only allows there are: play live/cam1 and publish live/hlsrec from 127.0.0.1, and files under /pub/.
        await s.AdminAsync("rules", "add", "--id", "fuzz-play", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow", "--ip", "127.0.0.1");
        await s.AdminAsync("rules", "add", "--id", "fuzz-publish", "--action", "publish", "--app", "live", "--stream", "hlsrec", "--effect", "allow", "--ip", "127.0.0.1");
        await s.AdminAsync("rules", "add", "--id", "fuzz-files", "--action", "http", "--path", "/pub/", "--effect", "allow");

        var mutator = new Mutator(seed, RunningApp.Key, [.. Support.Capture.All.Select(c => new FuzzSeed(c.FileName, c.Hook, c.Body))]);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var perHook = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        long rssAt1000 = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, iterations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
        {
            if (index == 1_000) rssAt1000 = Rss();
            var c = mutator.Create(index);
            perHook.AddOrUpdate(c.Hook, 1, (_, n) => n + 1);
            FuzzAnswer answer;
            try
            {
                answer = await FuzzSender.SendAsync(s.App.Address, c.Request, c.Method == "HEAD");
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException)
            {
                failures.Enqueue($"#{c.Index} {c.Hook} ({c.Capture}; {c.Mutations}): no answer ({e.GetType().Name})");
                return;
            }
            statuses.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
            if (Check(c, answer) is { } problem)
                failures.Enqueue($"#{c.Index} {c.Hook} ({c.Capture}; {c.Mutations}): {problem}: HTTP {answer.Status} {Excerpt(answer.Body)}");
        });
        clock.Stop();

        // Still alive and still deciding right.
        Assert.Equal(0, (await s.ReplayAsync("on_play__001.http")).Json.Code());
        Assert.NotEqual(0, (await s.ReplayAsync("on_play__003.http")).Json.Code());

        GC.Collect();
        output.WriteLine($"fuzz: RSS of the test process (app in it) {rssAt1000 / 1_048_576} MiB after 1,000 cases, {Rss() / 1_048_576} MiB after {iterations:N0}; " +
            $"row cache {s.App.Services.GetRequiredService<ZlmHooks.Storage.CachedReads>().Count} entries");
        output.WriteLine($"fuzz: seed {seed}, {iterations} cases over {perHook.Count} hooks in {clock.Elapsed.TotalSeconds:0.0} s " +
            $"({iterations / clock.Elapsed.TotalSeconds:0} req/s); statuses: {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}");
        foreach (var failure in failures.Take(25)) output.WriteLine(failure);
        foreach (var line in s.App.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(5))
            output.WriteLine("log: " + line);
        Assert.True(perHook.Count == mutator.Hooks.Count(), "every hook with a capture was fuzzed");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {iterations} fuzz cases failed (seed {seed}); first: {failures.FirstOrDefault()}");
    }

    private static long Rss()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    /// <summary>What is wrong with an answer, or null.</summary>
    private static string? Check(FuzzCase c, FuzzAnswer answer)
    {
        if (answer.Status == 0) return "connection closed without an answer";
        if (answer.Status >= 500) return "5xx";
        if (Internals().IsMatch(answer.Body)) return "internals in the answer";
        if (answer.Body.Length == 0)
        {
            if (c.Method == "HEAD") return null; // no body, by definition
            // Kestrel's own refusals of a broken request line, headers or framing, before any app code runs.
            return answer.Status is 400 or 414 or 431 && answer.ContentType is null ? null : "an empty answer";
        }

        int code;
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            code = json.RootElement.GetProperty("code").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return "an answer without an integer code";
        }
        var hook = TestCatalog.Hooks.Find(c.Hook)!;
        if (hook.Kind == HookKind.Auth && code == 0 && !MayAllow(c)) return "an allow no rule gives";
        return null;
    }

    /// <summary>The oracle: read the body as strict JSON and say whether a rule above allows exactly it.</summary>
    private static bool MayAllow(FuzzCase c)
    {
        if (c.Method != "POST") return false;
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(c.Body);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return false;
        }
        string? Text(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var fromHere = Text("ip") is "127.0.0.1" or "::ffff:127.0.0.1";
        return c.Hook switch
        {
            "on_play" => Text("app") == "live" && Text("stream") == "cam1" && fromHere,
            "on_publish" => Text("app") == "live" && Text("stream") == "hlsrec" && fromHere,
            "on_http_access" => Text("path") is { } path && path.StartsWith("/pub/", StringComparison.Ordinal) && !path.Contains("..", StringComparison.Ordinal)
                && !path.Contains('%', StringComparison.Ordinal) && !path.Contains('\\', StringComparison.Ordinal),
            _ => false, // no RTSP or shell user exists
        };
    }

    private static string Excerpt(string body) => body.Length <= 160 ? body : body[..160] + "...";
}

[CollectionDefinition(FuzzTests.Alone, DisableParallelization = true)]
public sealed class FuzzAlone;
