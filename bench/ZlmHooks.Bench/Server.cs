using System.Diagnostics;
using System.Globalization;

namespace ZlmHooks.Bench;

/// <summary>
/// A server under test in its own process. Its output goes to a file (the shell redirects it before
/// exec), not through this process: reading and splitting tens of thousands of log lines a second
/// here would take CPU from the cores the server under test shares with it, a cost the baseline
/// (which logs nothing) never pays. The file is deleted with the server, unless the server was
/// started inside a <see cref="Phase"/>: then the phase deletes it, or keeps a copy when it failed
/// (issue 34); a server that exits at start-up has its output in the error.
/// </summary>
internal sealed class Server : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _port;
    private readonly Phase? _phase;

    private Server(string name, Process process, int port, Phase? phase)
    {
        Name = name;
        _process = process;
        _port = port;
        _phase = phase;
    }

    public string Name { get; }
    public int Port => _port;
    public string Log => LogOf(_port);

    /// <summary>How the server ended before the bench stopped it (null while it runs), e.g.
    /// "exited with code 134 (SIGABRT: an abort)".</summary>
    public string? EndedOnItsOwn { get; private set; }

    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>How it stands now: still running, or how it ended.</summary>
    public string State() => EndedOnItsOwn ?? (_disposed ? "still running when the bench stopped it" : _process.HasExited ? Ending(_process.ExitCode) : "still running");

    private bool _disposed;

    /// <summary>SIGKILLs the server (the failure check, <c>--kill-handler-during</c>).</summary>
    public void Kill()
    {
        if (!HasExited) _process.Kill(entireProcessTree: true);
    }

    /// <summary>An exit status as .NET reports it, in words: on Unix, a process ended by signal N
    /// reads 128 + N (some runtimes report -N); 137 is SIGKILL (the OOM killer, or kill -9), 134
    /// SIGABRT (an abort: an unhandled exception or a fail-fast in the runtime).</summary>
    public static string Ending(int code)
    {
        var signal = code > 128 && code < 128 + 65 ? code - 128 : code < 0 ? -code : 0;
        if (signal == 0) return $"exited with code {code}";
        var name = signal switch
        {
            9 => "SIGKILL: killed, e.g. by the OOM killer or kill -9",
            6 => "SIGABRT: an abort, e.g. an unhandled exception or a runtime fail-fast",
            11 => "SIGSEGV: a crash",
            15 => "SIGTERM: asked to stop",
            2 => "SIGINT",
            7 => "SIGBUS: a crash",
            _ => "signal " + signal,
        };
        return $"ended by signal {signal} ({name}; exit status {code})";
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
                var server = new Server(name, process, port, Phase.Current);
                Phase.Current?.Started(server);
                return server;
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

    /// <summary>The server's resident memory; a server that has gone is a <see cref="ServerGoneException"/>
    /// naming how it ended (its /proc entry is gone with it).</summary>
    public long ResidentKb()
    {
        string[] lines;
        try
        {
            if (_process.HasExited) throw new ServerGoneException(this);
            lines = File.ReadAllLines($"/proc/{_process.Id}/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerGoneException(this, e);
        }
        var line = lines.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
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
        if (_process.HasExited) EndedOnItsOwn ??= Ending(_process.ExitCode);
        else _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _disposed = true;
        _process.Dispose();
        // A phase's servers: the phase keeps the log if it failed, then deletes it.
        if (_phase is null) File.Delete(LogOf(_port));
    }
}

/// <summary>A server under test that has gone (its process ended) while the bench still needed it.</summary>
internal sealed class ServerGoneException(Server server, Exception? inner = null)
    : InvalidOperationException($"the {server.Name} (port {server.Port}) is gone: {server.State()}", inner)
{
    public Server Server { get; } = server;
}
