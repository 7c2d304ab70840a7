using ZlmHooks.Hosting;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZlmHooks.Tests.Support;

/// <summary>The real handler app on Kestrel, bound to a free loopback port.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    public const string Key = "test-function-key-0123456789";

    /// <summary>The admin API's key: a different credential from the function key.</summary>
    public const string AdminKey = "test-admin-key-9876543210";

    private readonly WebApplication _app;

    private RunningApp(WebApplication app, Uri address, LogSink logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
    }

    public Uri Address { get; }
    public LogSink Logs { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<RunningApp> StartAsync(IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null, HostingEnvironment? hosting = null)
    {
        var logs = new LogSink();
        var values = new Dictionary<string, string?>
        {
            ["ZlmHooks:Urls"] = "http://127.0.0.1:0",
            ["ZlmHooks:FunctionKeys"] = Key,
            ["ZlmHooks:AdminKeys"] = AdminKey,
        };
        // A null value removes a default, so a setting can come from elsewhere (a settings file).
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            if (v is null) values.Remove(k);
            else values[k] = v;
        }
        var app = Program.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            configure?.Invoke(builder);
        }, hosting ?? new HostingEnvironment(null, false));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RunningApp(app, new Uri(address), logs);
    }

    public HttpClient Client() => new() { BaseAddress = Address };

    /// <summary>A client for the admin API (<c>/api/*</c>): the admin key as a bearer token.</summary>
    public HttpClient AdminClient()
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    public Task<RawResponse> ReplayAsync(Capture capture, string key = Key) => RawHttp.SendAsync(Address, capture.WithKey(key));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Keeps every formatted log line so tests can read what an operator would see.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>The lines that match, once there is at least one (or none after 5 s): a hook's own line
    /// is logged just after its answer is sent, so it may not be there yet when the answer arrives.</summary>
    public async Task<List<string>> MatchingAsync(Func<string, bool> match)
    {
        for (var tries = 0; ; tries++)
        {
            var found = _lines.Where(match).ToList();
            if (found.Count > 0 || tries == 100) return found;
            await Task.Delay(50);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);

    public void Dispose() { }

    private sealed class Sink(LogSink owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            owner._lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} {structured} {exception}");
        }
    }
}
