using System.Diagnostics;
using System.Globalization;

namespace ZlmHooks.Bench;

/// <summary>
/// A server under test in its own process. Its output goes to a file (the shell redirects it before
/// exec), not through this process: reading and splitting tens of thousands of log lines a second
/// here would take CPU from the cores the server under test shares with it, a cost the baseline
/// (which logs nothing) never pays. The file is deleted with the server; a server
/// that exits at start-up has its output in the error.
/// </summary>
internal sealed class Server : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _port;

    private Server(Process process, int port)
    {
        _process = process;
        _port = port;
    }

    /// <summary>Where a server's output went (stdout and stderr).</summary>
    public static string LogOf(int port) => Path.Combine(Path.GetTempPath(), $"zlmhooks-bench-{port}.log");

    public Uri Url(string hook) => new($"http://127.0.0.1:{_port}/index/hook/{hook}?code={Bench.Code}");

    /// <summary>An operator API path with its query (<c>api/streams?server=x</c>); the admin key goes in
    /// the Authorization header (<see cref="Bench.AdminKey"/>).</summary>
    public Uri Api(string pathAndQuery) => new($"http://127.0.0.1:{_port}/{pathAndQuery}");

    public static Process Launch(string path, string[] args, Dictionary<string, string> env, int port)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // sh replaces itself with the server (exec), so the process is the server's and Kill reaches it.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >\"$ZLMHOOKS_BENCH_LOG\" 2>&1");
        start.ArgumentList.Add("sh");
        if (path.EndsWith(".dll", StringComparison.Ordinal)) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(path);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        start.Environment["ZlmHooks__Urls"] = $"http://127.0.0.1:{port}";
        // Only the settings the run gives: never a local.settings.json found from the working directory.
        start.Environment["ZLMHOOKS_SETTINGS_FILE"] = "none";
        start.Environment["ZLMHOOKS_BENCH_LOG"] = LogOf(port);
        return Process.Start(start)!;
    }

    public static async Task<Server> StartAsync(string name, string path, string[] args, Dictionary<string, string> env)
    {
        var port = FreePort();
        var process = Launch(path, args, env, port);
        using var client = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var ping = await client.GetAsync($"http://127.0.0.1:{port}/");
                return new Server(process, port);
            }
            catch (HttpRequestException)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {(File.Exists(LogOf(port)) ? File.ReadAllText(LogOf(port)) : "")}");
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"{name} did not start");
    }

    /// <summary>Milliseconds from exec to the first on_play answered code 0.</summary>
    public static async Task<double> ColdStartAsync(string path, Dictionary<string, string> env, byte[] play)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/index/hook/on_play?code={Bench.Code}");
        using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) };
        using var client = new HttpClient(handler);
        var watch = Stopwatch.StartNew();
        using var process = Launch(path, [], env, port);
        try
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    var (status, body) = await Load.SendAsync(client, url, play);
                    if (status == 200 && body.Contains("\"code\":0", StringComparison.Ordinal)) return watch.Elapsed.TotalMilliseconds;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(2);
                }
            }
            throw new TimeoutException("no on_play answer within 30 s");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            File.Delete(LogOf(port));
        }
    }

    public long ResidentKb()
    {
        var line = File.ReadAllLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(LogOf(_port));
    }
}
