using System.Text;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using ZlmHooks.Tests.Support;
using ZlmHooks.Tests.Support.FunctionsHost;

namespace ZlmHooks.Tests;

/// <summary>
/// Issue 30: the isolated worker (ZlmHooks.Functions, its own build output) driven as the Functions host
/// drives it (<see cref="FunctionsTestHost"/>: gRPC, then each call forwarded beside its invocation),
/// answering exactly as the standalone handler does: every real capture byte for byte, the access
/// decisions over Azurite, and a storage outage (auth fails closed, notifications 503).
/// </summary>
public sealed class WorkerHostTests
{
    public static async Task<FunctionsTestHost> StartWorkerAsync(IDictionary<string, string?> settings, bool checkKeys = true)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["ZlmHooks:FunctionKeys"] = RunningApp.Key,
            ["ZlmHooks:AdminKeys"] = RunningApp.AdminKey,
        };
        return await FunctionsTestHost.StartAsync(WorkerFunctionsTests.WorkerOutput, all,
            new FunctionsTestHostOptions { CheckKeys = checkKeys, FunctionKey = RunningApp.Key });
    }

    /// <summary>What the worker said lately and how its last invocations ended, for a failure message.</summary>
    public static string Diagnostics(FunctionsTestHost host) =>
        string.Join('\n', host.Invocations.TakeLast(5).Select(i => $"invocation {i.FunctionName}: {i.Status} {i.HttpStatusCode} {i.ExceptionMessage}"))
        + "\n" + string.Join('\n', host.Logs.TakeLast(25));

    /// <summary>One request to both hosts; their answers must be the same bytes.</summary>
    private static Task<RawResponse> SameAnswerAsync(Uri standalone, FunctionsTestHost worker, byte[] request, string what) =>
        SameAnswerAsync(standalone, worker.Address, request, what, () => Diagnostics(worker));

    private static async Task<RawResponse> SameAnswerAsync(Uri standalone, Uri worker, byte[] request, string what, Func<string>? diagnostics = null)
    {
        var a = Dechunked(await SendAsync(standalone, request, $"{what}, to the standalone handler"));
        var b = Dechunked(await SendAsync(worker, request, $"{what}, to the worker"));
        Assert.True(a.Status == b.Status && a.Body == b.Body,
            $"{what}: the standalone handler answered {a.Status} {a.Body}\nthe worker answered {b.Status} {b.Body}\n{diagnostics?.Invoke()}");
        Assert.Equal(a.Headers.GetValueOrDefault("Content-Type"), b.Headers.GetValueOrDefault("Content-Type"));
        return a;
    }

    /// <summary>A chunked body as its content: how a proxy splits it into chunks is not the answer.</summary>
    private static RawResponse Dechunked(RawResponse response)
    {
        if (!response.Headers.TryGetValue("Transfer-Encoding", out var coding) || !coding.Contains("chunked", StringComparison.OrdinalIgnoreCase)) return response;
        var content = new StringBuilder();
        var rest = response.Body.AsSpan();
        while (rest.IndexOf("\r\n") is var eol and > 0 && int.TryParse(rest[..eol], System.Globalization.NumberStyles.HexNumber, null, out var size) && size > 0)
        {
            content.Append(rest.Slice(eol + 2, size));
            rest = rest[(eol + 2 + size + 2)..];
        }
        return response with { Body = content.ToString() };
    }

    private static async Task<RawResponse> SendAsync(Uri server, byte[] request, string what)
    {
        try
        {
            // A notification with storage down waits out the storage client's retries (about 3.5 s each
            // here), longer on a loaded 2-core machine: a minute is a hang, not a slow answer.
            return await RawHttp.SendAsync(server, request, TimeSpan.FromSeconds(60));
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"{what}: no answer within 60 s", e);
        }
    }

    private static byte[] Post(string hook, object body) =>
        RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body));

    [Fact]
    public async Task Every_capture_is_answered_by_the_worker_byte_for_byte_as_by_the_standalone_handler()
    {
        var settings = new Dictionary<string, string?>();
        await using var standalone = await RunningApp.StartAsync(settings);
        // As under `func start`, the host checks no key: the worker's own check answers, as the handler's does.
        await using var worker = await StartWorkerAsync(settings, checkKeys: false);
        foreach (var capture in Capture.All)
        {
            var answer = await SameAnswerAsync(standalone.Address, worker, capture.WithKey(RunningApp.Key), capture.FileName);
            Assert.Equal(200, answer.Status);
        }
        // The console's page and files, which need no key, and the page's data, which needs the admin key.
        foreach (var target in new[] { "/console", "/console/", "/console/console.js", "/console/console.css", "/console/no-such-file.js" })
            await SameAnswerAsync(standalone.Address, worker, RawHttp.Build("GET", target, null, []), "GET " + target);
        // Keys and the admin API: the same refusals.
        var capture0 = Capture.All[0];
        Assert.Equal(401, (await SameAnswerAsync(standalone.Address, worker, capture0.WithKey("wrong-key"), "a wrong function key")).Status);
        Assert.Equal(401, (await SameAnswerAsync(standalone.Address, worker, RawHttp.Build("GET", $"/API/rules?code={RunningApp.Key}", null, []), "the function key on /API/rules")).Status);
        Assert.True(worker.Invocations.Count >= Capture.All.Count);
    }

    [Fact]
    public async Task The_access_decisions_are_the_same_under_the_worker()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:SigningKeys:default"] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm" });
        await s.AdminAsync("rules", "add", "--id", "live", "--action", "play", "--app", "live", "--stream", "*", "--effect", "allow");
        await s.AdminAsync("rules", "add", "--id", "live-priv", "--action", "play", "--app", "live", "--stream", "priv", "--effect", "deny");
        await s.AdminAsync("rules", "add", "--id", "cams", "--action", "play", "--app", "cams", "--stream", "*", "--effect", "credential", "--credentials", "token,signedurl");
        await s.AdminAsync("rules", "add", "--id", "push", "--action", "publish", "--app", "live", "--stream", "*", "--effect", "allow");
        await s.AdminAsync("rules", "add", "--id", "pub", "--action", "http", "--path", "/pub/", "--effect", "allow");
        await s.AdminAsync("rules", "add", "--id", "pub-secret", "--action", "http", "--path", "/pub/secret/", "--effect", "deny");
        await s.AdminAsync("tokens", "add", "--label", "viewer", "--value", "worker-viewer-token", "--action", "play", "--app", "cams");
        var settings = Azurite.Settings(s.Prefix);
        settings["ZlmHooks:AccessRules:SigningKeys:default"] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm";
        await using var worker = await StartWorkerAsync(settings);
        var signed = (await Azurite.AdminAsync(s.Prefix, new Dictionary<string, string?> { ["ZlmHooks:AccessRules:SigningKeys:default"] = settings["ZlmHooks:AccessRules:SigningKeys:default"] },
            "sign", "--action", "play", "--app", "cams", "--stream", "c1", "--ttl", "600")).Trim();
        object Http(string path, bool dir = false) => new { path, file_path = "/www" + path, is_dir = dir, @params = "", ip = "127.0.0.1", id = "1", port = 1, mediaServerId = "zlm-test-01", hook_index = 1 };
        var cases = new (string Hook, object Body, int Code)[]
        {
            ("on_play", StorageApp.Play("a"), 0),
            ("on_play", StorageApp.Play("priv"), -1),
            ("on_play", StorageApp.Play("c1", app: "cams"), -1),
            ("on_play", StorageApp.Play("c1", "token=worker-viewer-token", app: "cams"), 0),
            ("on_play", StorageApp.Play("c1", "token=not-a-token", app: "cams"), -1),
            ("on_play", StorageApp.Play("c1", signed, app: "cams"), 0),
            ("on_play", StorageApp.Play("c2", signed, app: "cams"), -1),
            ("on_play", StorageApp.Play("x", app: "other"), -1),
            ("on_publish", StorageApp.Play("a"), 0),
            ("on_publish", StorageApp.Play("a", app: "other"), -1),
            ("on_http_access", Http("/pub/a.txt"), 0),
            ("on_http_access", Http("/pub/secret/b.txt"), -1),
            ("on_http_access", Http("/pub/secret", dir: true), -1),
        };
        foreach (var (hook, body, code) in cases)
        {
            var answer = await SameAnswerAsync(s.App.Address, worker, Post(hook, body), $"{hook} {JsonSerializer.Serialize(body)}");
            Assert.Equal(code, answer.Json.GetProperty("code").GetInt32());
        }
        // The operator API through the worker: the admin key opens it, the function key does not.
        using var admin = new HttpClient { BaseAddress = worker.Address };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", RunningApp.AdminKey);
        using var rules = await admin.GetAsync("/api/rules");
        Assert.Equal(200, (int)rules.StatusCode);
        Assert.Contains("\"live-priv\"", await rules.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var rule = await admin.DeleteAsync("/api/rules/live-priv");
        Assert.Equal(200, (int)rule.StatusCode);
        Assert.DoesNotContain("\"live-priv\"", await admin.GetStringAsync("/api/rules"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_storage_outage_the_worker_refuses_auth_hooks_and_answers_notifications_503_like_the_handler()
    {
        var dead = new Dictionary<string, string?>
        {
            ["ZlmHooks:Storage:Connection"] = Azurite.TableOnly("http://127.0.0.1:1/devstoreaccount1"),
            ["ZlmHooks:Storage:TablePrefix"] = Azurite.NewPrefix(),
            ["ZlmHooks:AccessRules:BudgetMilliseconds"] = "500",
        };
        await using var standalone = await RunningApp.StartAsync(dead);
        await using var worker = await StartWorkerAsync(dead);
        var play = await SameAnswerAsync(standalone.Address, worker, Capture.Named("on_play__001.http").WithKey(RunningApp.Key), "on_play with storage down");
        Assert.Equal((200, -1), (play.Status, play.Json.GetProperty("code").GetInt32()));
        Assert.Contains("unavailable", play.Body, StringComparison.Ordinal);
        var publish = await SameAnswerAsync(standalone.Address, worker, Capture.Named("on_publish__001.http").WithKey(RunningApp.Key), "on_publish with storage down");
        Assert.Equal(-1, publish.Json.GetProperty("code").GetInt32());
        var changed = await SameAnswerAsync(standalone.Address, worker, Capture.Named("on_stream_changed__001.http").WithKey(RunningApp.Key), "on_stream_changed with storage down");
        Assert.Equal(503, changed.Status);

        // The activity feed's writer met the outage too (its daily prune failed): both hosts go on. Until
        // this test, that failure escaped the writer and stopped the host (a BackgroundService's unhandled
        // exception stops it), so every later hook call found nothing listening.
        Assert.NotEmpty(await standalone.Logs.MatchingAsync(l => l.Contains("not pruned", StringComparison.Ordinal)));
        for (var i = 0; i < 100 && !worker.Logs.Any(l => l.Contains("not pruned", StringComparison.Ordinal)); i++) await Task.Delay(100);
        Assert.Contains(worker.Logs, l => l.Contains("not pruned", StringComparison.Ordinal));
        Assert.False(standalone.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.False(worker.WorkerExited.IsCompleted, "the worker exited");
        await SameAnswerAsync(standalone.Address, worker, Capture.Named("on_play__001.http").WithKey(RunningApp.Key), "on_play after the writer's failure");
    }

    [Fact]
    public async Task The_outbox_timer_runs_as_a_timer_invocation()
    {
        await using var s = await StorageApp.StartAsync();
        await using var worker = await StartWorkerAsync(Azurite.Settings(s.Prefix));
        var outcome = await worker.InvokeTimerAsync("outbox_drain");
        Assert.Equal(InvocationStatus.Success, outcome.Status);
        // Under the worker the timer is not an HTTP route: the custom handler's POST /outbox_drain is not served.
        using var http = new HttpClient { BaseAddress = worker.Address };
        using var post = await http.PostAsync("/outbox_drain", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(404, (int)post.StatusCode);
    }
}
