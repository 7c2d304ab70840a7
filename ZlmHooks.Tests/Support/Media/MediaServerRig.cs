using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using ZlmHooks.Deployment;

namespace ZlmHooks.Tests.Support.Media;

/// <summary>
/// The app under test on Kestrel with its tables in Azurite, and a real MediaServer whose every
/// <c>[hook]</c> URL points at it: the section <c>hook-config</c> prints, pasted into config.ini as the
/// README says. The app runs on the real clock (keepalives, expiries), and knows the server's REST API.
/// </summary>
public sealed class MediaServerRig : IAsyncDisposable
{
    private MediaServerRig(StorageApp app, MediaServerProcess server, string queue, Action<IniFile> configure, FunctionsHost.FunctionsTestHost? worker)
    {
        App = app;
        Server = server;
        Queue = queue;
        _configure = configure;
        Worker = worker;
    }

    private readonly Action<IniFile> _configure;

    /// <summary>When the rig runs the isolated worker: the test Functions host MediaServer's hooks go
    /// to (the standalone app then only serves the admin API over the same storage).</summary>
    public FunctionsHost.FunctionsTestHost? Worker { get; }

    /// <summary>The log lines of whatever answers the hooks.</summary>
    public IEnumerable<string> HookLog => Worker is { } w ? w.Logs : App.App.Logs.Lines;

    public StorageApp App { get; }
    public MediaServerProcess Server { get; private set; }
    /// <summary>The storage queue the app's CloudEvents go to (no Event Grid topic configured).</summary>
    public string Queue { get; }
    public string Id => Server.Id;

    public string Rtmp(string path) => $"rtmp://127.0.0.1:{Server.Ports.Rtmp}/{path}";
    public string Rtsp(string path, string? login = null) => $"rtsp://{(login is null ? "" : login + "@")}127.0.0.1:{Server.Ports.Rtsp}/{path}";
    public string Http(string path) => $"http://127.0.0.1:{Server.Ports.Http}/{path}";

    /// <param name="worker">Point MediaServer's hooks at the isolated worker under the test Functions
    /// host (with the same settings and storage) instead of the standalone handler.</param>
    public static async Task<MediaServerRig> StartAsync(string id, Action<IniFile>? configure = null, IDictionary<string, string?>? settings = null, bool worker = false)
    {
        // Before the app starts, so the reason is the first thing said.
        if (MediaServerProcess.CannotRun() is { } why) throw new InvalidOperationException(why);
        var ports = MediaServerPorts.Free();
        var secret = "e2e-" + Guid.NewGuid().ToString("N");
        var queue = "zlm-e2e-" + Guid.NewGuid().ToString("N")[..8];
        var values = new Dictionary<string, string?>
        {
            ["ZlmHooks:Events:QueueName"] = queue,
            ["ZlmHooks:Recordings:Container"] = "rec-e2e-" + Guid.NewGuid().ToString("N")[..8],
            ["ZlmHooks:Recordings:PublicBaseUrl"] = $"http://127.0.0.1:{ports.Http}",
            [$"ZlmHooks:Registry:MediaServers:{id}:ApiBase"] = $"http://127.0.0.1:{ports.Http}",
            [$"ZlmHooks:Registry:MediaServers:{id}:Secret"] = secret,
            ["ZlmHooks:AccessRules:CacheSeconds"] = "0",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var app = await StorageApp.StartAsync(values, services: s => s.AddSingleton(TimeProvider.System));
        FunctionsHost.FunctionsTestHost? host = null;
        if (worker)
        {
            var all0 = Azurite.Settings(app.Prefix);
            all0["ZlmHooks:AccessRules:BudgetMilliseconds"] = "5000";
            foreach (var (k, v) in values) all0[k] = v;
            host = await WorkerHostTests.StartWorkerAsync(all0);
        }
        var hooksAt = host?.Address ?? app.App.Address;
        Action<IniFile> all = ini =>
        {
            ini.SetAll("hook", HookConfig.Section(TestCatalog.Hooks, hooksAt.ToString(), RunningApp.Key, aliveInterval: 2));
            // A hook that fails is tried once more a second later: a test waits seconds, not minutes.
            ini.Set("hook", "retry", 1).Set("hook", "retry_delay", 1);
            configure?.Invoke(ini);
        };
        MediaServerProcess? server = null;
        try
        {
            server = await MediaServerProcess.StartAsync(id, ports, all, secret);
            var stack = new MediaServerRig(app, server, queue, all, host);
            await stack.WaitForHookAsync("on_server_started", TimeSpan.FromSeconds(20));
            return stack;
        }
        catch
        {
            if (server is not null) await server.DisposeAsync();
            if (host is not null) await host.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the same MediaServer again (same ports and settings) after a stop or a kill.</summary>
    public async Task RestartAsync()
    {
        var before = CountHooks("on_server_started");
        await Server.DisposeAsync();
        Server = await MediaServerProcess.StartAsync(Id, Server.Ports, _configure, Server.Secret);
        await WaitForAsync(() => CountHooks("on_server_started") > before, TimeSpan.FromSeconds(20), "on_server_started after the restart");
    }

    /// <summary>How many times the app has logged answering <paramref name="hook"/> from this server.</summary>
    public int CountHooks(string hook) => HookLog.Count(l => l.Contains($"{hook} ", StringComparison.Ordinal) && l.Contains(Id, StringComparison.Ordinal));

    public Task WaitForHookAsync(string hook, TimeSpan limit, int atLeast = 1) =>
        WaitForAsync(() => CountHooks(hook) >= atLeast, limit, $"{atLeast} × {hook} from {Id}");

    public Task WaitForAsync(Func<bool> condition, TimeSpan limit, string what) =>
        EventuallyAsync(() => Task.FromResult(condition()), met => met, limit, what);

    public async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit, string what)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"no {what} within {limit.TotalSeconds} s.\nApp log:\n{string.Join('\n', HookLog.TakeLast(40))}\nMediaServer:\n{Server.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>The app's registry as an operator reads it (<c>/api/streams</c>).</summary>
    public Task<List<Streams.StreamEntry>> StreamsAsync() => ListAsync<Streams.StreamEntry>("/api/streams?", "streams");

    /// <summary>The app's view of the MediaServers (<c>/api/servers</c>).</summary>
    public Task<List<Servers.ServerEntry>> ServersAsync() => ListAsync<Servers.ServerEntry>("/api/servers?", "servers");

    /// <summary>The recordings catalog (<c>/api/recordings?stream=</c>).</summary>
    public Task<List<Recordings.Recording>> RecordingsAsync(string stream) =>
        ListAsync<Recordings.Recording>($"/api/recordings?stream={Uri.EscapeDataString(stream)}&", "recordings");

    /// <summary>The array <paramref name="property"/> of an admin API answer; <paramref name="query"/> ends with ? or &amp;.</summary>
    private async Task<List<T>> ListAsync<T>(string query, string property)
    {
        using var client = App.App.AdminClient();
        var json = await client.GetStringAsync(query);
        return [.. JsonDocument.Parse(json).RootElement.GetProperty(property).EnumerateArray().Select(e => e.Deserialize<T>()!)];
    }

    private readonly List<string> _events = [];

    /// <summary>Every CloudEvent the app has put in its local event queue so far, as text: the queue is
    /// drained into this list (a peek sees only the first 32).</summary>
    public async Task<List<string>> EventsAsync()
    {
        var queue = new Azure.Storage.Queues.QueueClient(Azurite.Connection, Queue);
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0) break;
            foreach (var message in batch)
            {
                _events.Add(message.Body.ToString());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
        return [.. _events];
    }

    public Task<string> RuleAsync(params string[] args) => App.AdminAsync(["rules", "add", .. args]);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Worker is not null) await Worker.DisposeAsync();
        await App.DisposeAsync();
    }
}
