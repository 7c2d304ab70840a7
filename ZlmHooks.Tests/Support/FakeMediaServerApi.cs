using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ZlmHooks.Tests.Support;

/// <summary>
/// A loopback stand-in for a MediaServer's REST API (no MediaServer runs here), checking the
/// addStreamProxy contract as ZLMediaKit's WebApi does: GET /index/api/addStreamProxy with the
/// api.secret and the vhost, app, stream and url arguments; answering {"code":0,"data":{"key":...}}.
/// </summary>
public sealed class FakeMediaServerApi : IAsyncDisposable
{
    public const string Secret = "zlm-test-secret";
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _calls = new();


    public Uri Base { get; private set; } = null!;
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(200);
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Calls => [.. _calls];

    public static async Task<FakeMediaServerApi> StartAsync()
    {
        var fake = new FakeMediaServerApi();
        (fake._app, fake.Base) = await LoopbackServer.StartAsync(app => app.MapGet("/index/api/addStreamProxy", fake.AddStreamProxyAsync));
        return fake;
    }

    private async Task AddStreamProxyAsync(HttpContext http)
    {
        var args = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        http.Response.ContentType = "application/json";
        if (!args.TryGetValue("secret", out var secret) || secret != Secret)
        {
            await http.Response.WriteAsync("""{"code":-100,"msg":"Incorrect secret"}""");
            return;
        }
        foreach (var required in new[] { "vhost", "app", "stream", "url" })
            if (!args.TryGetValue(required, out var v) || v.Length == 0)
            {
                await http.Response.WriteAsync($$"""{"code":-300,"msg":"Required parameter missed: {{required}}"}""");
                return;
            }
        _calls.Enqueue(args);
        await Task.Delay(Delay);
        var key = $"{args["vhost"]}/{args["app"]}/{args["stream"]}";
        await http.Response.WriteAsync("{\"code\":0,\"data\":{\"key\":\"" + key + "\"}}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
