using System.Text;
using System.Text.Json;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace ZlmHooks.Tests.Support;

/// <summary>The real app on Kestrel, its tables on the real Azurite under a fresh prefix, with the
/// requests its Table client sends counted and a clock the test can move.</summary>
public sealed class StorageApp : IAsyncDisposable
{
    private StorageApp(RunningApp app, string prefix, CountingPolicy requests, ManualClock clock)
    {
        App = app;
        Prefix = prefix;
        Requests = requests;
        Clock = clock;
    }

    public RunningApp App { get; }
    public string Prefix { get; }
    public CountingPolicy Requests { get; }
    public ManualClock Clock { get; }

    public static async Task<StorageApp> StartAsync(IDictionary<string, string?>? extra = null, string? connection = null, string? prefix = null,
        Action<IServiceCollection>? services = null, ZlmHooks.Hosting.HostingEnvironment? hosting = null)
    {
        prefix ??= Azurite.NewPrefix();
        var settings = Azurite.Settings(prefix, connection);
        // Generous for a cold process on a loaded 2-core CI machine; tests of the budget set their own.
        settings["ZlmHooks:AccessRules:BudgetMilliseconds"] = "5000";
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        await Azurite.InitAsync(prefix, settings);
        var requests = new CountingPolicy();
        var clock = new ManualClock();
        var app = await RunningApp.StartAsync(settings, builder =>
        {
            builder.Services.AddSingleton<HttpPipelinePolicy>(requests);
            builder.Services.AddSingleton<TimeProvider>(clock);
            services?.Invoke(builder.Services);
        }, hosting);
        return new StorageApp(app, prefix, requests, clock);
    }

    public Task<string> AdminAsync(params string[] args) => Azurite.AdminAsync(Prefix, args);

    public Task<RawResponse> ReplayAsync(string capture) => App.ReplayAsync(Capture.Named(capture));

    public async Task<JsonElement> PostAsync(string hook, object body)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body);
        var response = await RawHttp.SendAsync(App.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", json));
        Assert.Equal(200, response.Status);
        return response.Json;
    }

    public static object Play(string stream, string @params = "", string app = "live", string schema = "rtmp", string protocol = "rtmp", string ip = "127.0.0.1") => new
    {
        app, stream, vhost = "__defaultVhost__", @params, schema, protocol, ip, id = "1-1", port = 5000, mediaServerId = "zlm-test-01", hook_index = 1,
    };

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public static class Json
{
    public static int Code(this JsonElement reply) => reply.GetProperty("code").GetInt32();
    public static string Msg(this JsonElement reply) => reply.GetProperty("msg").GetString() ?? "";
    public static string Text(this JsonElement reply) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(reply));
}
