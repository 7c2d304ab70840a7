using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ZlmHooks.Tests.Support;

/// <summary>
/// A stand-in for an Event Grid topic, because Event Grid cannot run here (Microsoft's emulator
/// was archived in 2023). A real HTTP server on loopback that checks what Event Grid's publish API
/// checks for CloudEvents: POST to the topic path with api-version=2018-01-01, the aeg-sas-key
/// header, Content-Type application/cloudevents-batch+json, a JSON array of CloudEvents 1.0 with
/// the required attributes, at most 1 MB a request and a event. It records what it accepted, and
/// can be told to fail, to answer late, or to hold requests until released. It can throttle like
/// Azure: 429 with Retry-After when more than <see cref="LimitPerSecond"/> events arrive in one
/// second, or on demand (<see cref="ThrottleNext"/>); it counts what it accepted in each second and
/// when each request arrived.
/// </summary>
public sealed class FakeEventGrid : IAsyncDisposable
{
    public const string Key = "test-topic-key-0123456789";
    public const string Path = "/api/events";

    public enum Mode { Accept, Fail, Slow, Hold }

    private WebApplication _app = null!;
    private readonly ConcurrentQueue<JsonElement> _accepted = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);


    public Uri Endpoint { get; private set; } = null!;
    public Mode State { get; set; } = Mode.Accept;
    public TimeSpan SlowBy { get; set; } = TimeSpan.FromSeconds(2);
    public TaskCompletionSource RequestArrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<JsonElement> Accepted => [.. _accepted];

    /// <summary>Throttle like a topic: past this many events in one wall-clock second, 429 with
    /// <see cref="RetryAfterSeconds"/> (the request's events are not accepted).</summary>
    public int? LimitPerSecond { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Accepted events per wall-clock second (Unix seconds).</summary>
    public IReadOnlyDictionary<long, int> AcceptedPerSecond => new Dictionary<long, int>(_perSecond);

    /// <summary>When each publish request arrived, and what it was answered.</summary>
    public IReadOnlyList<(DateTimeOffset At, int Status)> Log => [.. _log];

    /// <summary>429 answers given.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>The next request is answered 429 with <c>Retry-After: seconds</c>; resolves with when it was.</summary>
    public Task<DateTimeOffset> ThrottleNext(int seconds)
    {
        var next = new Throttle(seconds, new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));
        _throttleNext = next;
        return next.Done.Task;
    }

    private readonly ConcurrentDictionary<long, int> _perSecond = new();
    private readonly ConcurrentQueue<(DateTimeOffset, int)> _log = new();
    private readonly Lock _counting = new();
    private Throttle? _throttleNext;

    private sealed record Throttle(int Seconds, TaskCompletionSource<DateTimeOffset> Done);
    private int _throttled;

    /// <summary>Publish requests received (each carries a batch of events).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private int _requests;
    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary>The first accepted event that <paramref name="match"/> picks, waiting up to 10 s for it
    /// (events are published after the hook's answer).</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(50))
        {
            foreach (var e in _accepted)
                if (match(e)) return e;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no such event was published");
        }
    }

    public void Release() => _release.TrySetResult();

    public void ResetHold()
    {
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RequestArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public static async Task<FakeEventGrid> StartAsync()
    {
        var fake = new FakeEventGrid();
        (fake._app, var address) = await LoopbackServer.StartAsync(app => app.MapPost(Path, fake.PublishAsync));
        fake.Endpoint = new Uri(address, Path);
        return fake;
    }

    private async Task PublishAsync(HttpContext http)
    {
        RequestArrived.TrySetResult();
        Interlocked.Increment(ref _requests);
        var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var problem = Check(http.Request, body.ToArray(), out var events);
        if (problem is not null)
        {
            _violations.Enqueue(problem);
            http.Response.StatusCode = problem.StartsWith("401", StringComparison.Ordinal) ? 401 : 400;
            await http.Response.WriteAsync(problem);
            return;
        }
        var now = DateTimeOffset.UtcNow;
        if (Interlocked.Exchange(ref _throttleNext, null) is { } once)
        {
            await ThrottleAsync(http, now, once.Seconds);
            once.Done.TrySetResult(now);
            return;
        }
        if (LimitPerSecond is { } limit)
        {
            var second = now.ToUnixTimeSeconds();
            lock (_counting)
            {
                if (_perSecond.GetValueOrDefault(second) + events.Count > limit) second = -1;
                else _perSecond.AddOrUpdate(second, events.Count, (_, n) => n + events.Count);
            }
            if (second < 0)
            {
                await ThrottleAsync(http, now, RetryAfterSeconds);
                return;
            }
        }
        _log.Enqueue((now, 200));
        switch (State)
        {
            case Mode.Fail:
                http.Response.StatusCode = 503;
                return;
            case Mode.Slow:
                foreach (var e in events) _accepted.Enqueue(e); // accepted, but the answer comes too late
                await Task.Delay(SlowBy);
                return;
            case Mode.Hold:
                await _release.Task;
                break;
        }
        foreach (var e in events) _accepted.Enqueue(e);
        if (LimitPerSecond is null) _perSecond.AddOrUpdate(now.ToUnixTimeSeconds(), events.Count, (_, n) => n + events.Count);
        http.Response.StatusCode = 200;
    }

    private async Task ThrottleAsync(HttpContext http, DateTimeOffset now, int seconds)
    {
        Interlocked.Increment(ref _throttled);
        _log.Enqueue((now, 429));
        http.Response.StatusCode = 429;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.Response.WriteAsync("{\"error\":{\"code\":\"TooManyRequests\"}}");
    }

    private static string? Check(HttpRequest request, byte[] body, out List<JsonElement> events)
    {
        events = [];
        if (request.Query["api-version"] != "2018-01-01") return $"400 api-version is '{request.Query["api-version"]}'";
        if (request.Headers["aeg-sas-key"] != Key) return "401 missing or wrong aeg-sas-key";
        if (request.ContentType != "application/cloudevents-batch+json; charset=utf-8") return $"400 content type '{request.ContentType}'";
        if (body.Length > 1_048_576) return "400 request larger than 1 MB";
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException e) { return "400 not JSON: " + e.Message; }
        if (document.RootElement.ValueKind != JsonValueKind.Array) return "400 not a JSON array";
        foreach (var e in document.RootElement.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object) return "400 an event is not an object";
            if (e.GetRawText().Length > 1_048_576) return "400 event larger than 1 MB";
            foreach (var attribute in new[] { "id", "source", "type", "specversion" })
                if (!e.TryGetProperty(attribute, out var v) || v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0)
                    return $"400 missing required attribute '{attribute}'";
            if (e.GetProperty("specversion").GetString() != "1.0") return "400 specversion is not 1.0";
            if (e.TryGetProperty("time", out var time) && !DateTimeOffset.TryParse(time.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _))
                return "400 time is not RFC 3339";
            events.Add(e.Clone());
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
