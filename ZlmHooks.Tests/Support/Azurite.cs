using ZlmHooks.Cli;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ZlmHooks.Tests.Support;

/// <summary>The real Azurite of this run: the one ./test.sh started on free ports (ZLMHOOKS_TEST_STORAGE),
/// or, run without it, one the tests start themselves (<see cref="OwnAzurite"/>). Each test gets its
/// own table prefix so tests can run in parallel against one emulator without seeing each other's rows.</summary>
public static class Azurite
{
    // Azurite's well-known development account: public, not a secret.
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string Connection { get; } =
        Environment.GetEnvironmentVariable("ZLMHOOKS_TEST_STORAGE") is { Length: > 0 } configured
            ? configured
            : OwnAzurite.Start(DevKey);

    /// <summary>The table endpoint of <see cref="Connection"/> (scheme, host and port), for a proxy in front of it.</summary>
    public static Uri TableEndpoint { get; } = new(new Uri(
        Connection.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0].Equals("TableEndpoint", StringComparison.OrdinalIgnoreCase))[1]).GetLeftPart(UriPartial.Authority));

    /// <summary>A connection string whose table endpoint is somewhere else (a dead port, a proxy).</summary>
    public static string TableOnly(string tableEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevKey};TableEndpoint={tableEndpoint};";

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static Dictionary<string, string?> Settings(string prefix, string? connection = null) => new()
    {
        ["ZlmHooks:Storage:Connection"] = connection ?? Connection,
        ["ZlmHooks:Storage:TablePrefix"] = prefix,
    };

    /// <summary>Runs an admin command exactly as an operator would, against the same tables (created
    /// first with <c>init</c>, as ./run.sh does, since nothing else creates them).</summary>
    public static async Task<string> AdminAsync(string prefix, params string[] args) => await AdminAsync(prefix, null, args);

    public static async Task<string> AdminAsync(string prefix, IDictionary<string, string?>? extra, params string[] args)
    {
        await InitAsync(prefix, extra);
        return await RunAsync(prefix, extra, args);
    }

    /// <summary>Every row of a table as JSON text, one row a line: what a search for a planted secret reads.</summary>
    public static async Task<string> TableTextAsync(string table)
    {
        var client = new Azure.Data.Tables.TableClient(Connection, table);
        var text = new System.Text.StringBuilder();
        try
        {
            await foreach (var row in client.QueryAsync<Azure.Data.Tables.TableEntity>())
                text.AppendLine(System.Text.Json.JsonSerializer.Serialize(row.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString())));
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { }
        return text.ToString();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> Initialized = new();

    /// <summary>The <c>init</c> command for this prefix (and the container and queue its settings name), once per run.</summary>
    public static Task InitAsync(string prefix, IDictionary<string, string?>? extra = null)
    {
        string? Get(string key) => extra is not null && extra.TryGetValue(key, out var v) ? v : null;
        var resources = new Dictionary<string, string?>
        {
            ["ZlmHooks:Recordings:Container"] = Get("ZlmHooks:Recordings:Container"),
            ["ZlmHooks:Events:QueueName"] = Get("ZlmHooks:Events:QueueName"),
        }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        var key = prefix + "|" + string.Join('|', resources.Values);
        return Initialized.GetOrAdd(key, _ => new Lazy<Task>(() => RunAsync(prefix, resources, "init"))).Value;
    }

    private static async Task<string> RunAsync(string prefix, IDictionary<string, string?>? extra, params string[] args)
    {
        var output = new StringWriter();
        var settings = Settings(prefix);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        var code = await AdminCommands.RunAsync(args, output, settings);
        Assert.True(code == 0, $"admin {string.Join(' ', args)} failed ({code}): {output}");
        return output.ToString().Trim();
    }
}

/// <summary>Counts the requests the app's Table client really sends, by HTTP method.</summary>
public sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private int _reads;
    private int _all;

    public int Reads => Volatile.Read(ref _reads);
    public int All => Volatile.Read(ref _all);

    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _all, 0);
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        // The start-up warm-up read (StorageWarmup) is not a decision's read.
        if (message.Request.Uri.ToString().Contains("warmup", StringComparison.Ordinal)) return;
        Interlocked.Increment(ref _all);
        if (message.Request.Method == RequestMethod.Get) Interlocked.Increment(ref _reads);
    }
}

/// <summary>A clock the test moves by hand, for cache lifetimes and expiry.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualClock() : this(DateTimeOffset.UtcNow) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
