using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ZlmHooks.Tests.Support.Media;

/// <summary>
/// The real ZLMediaKit MediaServer from <c>../shared/zlmediakit/</c>, copied to a folder of its own
/// (it writes its log and recordings under its working folder), on free loopback ports, with its
/// stock config.ini changed only where a test needs it. Stopped by its pid.
/// </summary>
public sealed class MediaServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private MediaServerProcess(Process process, string folder, MediaServerPorts ports, string secret, string id)
    {
        _process = process;
        Folder = folder;
        Ports = ports;
        Secret = secret;
        Id = id;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Folder { get; }
    public MediaServerPorts Ports { get; }
    /// <summary>Its <c>api.secret</c>, for its REST API.</summary>
    public string Secret { get; }
    /// <summary>Its <c>general.mediaServerId</c>.</summary>
    public string Id { get; }
    /// <summary>The pid signals go to (coreutils' timeout, which passes them on to MediaServer).</summary>
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public Uri Http => new($"http://127.0.0.1:{Ports.Http}");

    /// <summary>The last lines it printed (its own log), for a failing test's message.</summary>
    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    public static string Shared => Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "zlmediakit"));

    /// <summary>Why MediaServer cannot run here, or null. A missing binary or a platform it was not built
    /// for is a clear failure of the test that needs it, never a silent pass.</summary>
    public static string? CannotRun()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            return $"the MediaServer in ../shared/zlmediakit is a Linux x64 build; this is {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture} " +
                "(run these tests on Linux x64, or leave them out with --filter Category!=MediaServer)";
        if (!File.Exists(Path.Combine(Shared, "MediaServer")))
            return $"no MediaServer at {Shared}";
        return null;
    }

    /// <summary>Starts it with <paramref name="configure"/> applied to its stock config.ini on top of
    /// the test defaults (free ports, TLS and unbuilt protocols off), and waits until its HTTP port answers.</summary>
    public static async Task<MediaServerProcess> StartAsync(string id, MediaServerPorts ports, Action<IniFile> configure, string secret)
    {
        var folder = Directory.CreateTempSubdirectory("zlm-e2e-").FullName;
        File.Copy(Path.Combine(Shared, "MediaServer"), Path.Combine(folder, "MediaServer"));
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(Path.Combine(folder, "MediaServer"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var ini = new IniFile(await File.ReadAllTextAsync(Path.Combine(Shared, "config.ini")))
            .Set("api", "secret", secret)
            .Set("general", "mediaServerId", id)
            .Set("http", "port", ports.Http).Set("http", "sslport", 0)
            .Set("rtmp", "port", ports.Rtmp).Set("rtmp", "sslport", 0)
            .Set("rtsp", "port", ports.Rtsp).Set("rtsp", "sslport", 0)
            .Set("rtp_proxy", "port", ports.Rtp)
            .Set("shell", "port", ports.Shell)
            .Set("rtc", "port", 0).Set("rtc", "tcpPort", 0)
            .Set("srt", "port", 0)
            .Set("onvif", "port", 0);
        configure(ini);
        await File.WriteAllTextAsync(Path.Combine(folder, "config.ini"), ini.ToString());

        // Under coreutils' timeout: if the test process dies without stopping it, it does not outlive
        // the run by more than that. Signals sent to timeout reach MediaServer.
        var start = new ProcessStartInfo("timeout", ["--kill-after=5", "1200", "./MediaServer", "-c", "config.ini"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var server = new MediaServerProcess(Process.Start(start)!, folder, ports, secret, id);
        try
        {
            await server.WaitListeningAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task WaitListeningAsync(TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"MediaServer exited with {_process.ExitCode} at start:\n{Output}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Ports.Http);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"MediaServer did not listen on {Ports.Http} within {limit.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Calls its REST API (<c>/index/api/&lt;name&gt;</c>) with its secret; the JSON it answers.</summary>
    public async Task<JsonElement> ApiAsync(string name, params (string Key, string Value)[] query)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var parts = query.Prepend(("secret", Secret)).Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2)}");
        var text = await http.GetStringAsync(new Uri(Http, $"/index/api/{name}?{string.Join('&', parts)}"));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A clean stop (SIGTERM): it says on_server_exited on its way out.</summary>
    public async Task StopAsync(TimeSpan? limit = null)
    {
        if (_disposed || _process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(true);
        }
    }

    /// <summary>Gone without a word (SIGKILL), as a crashed or unplugged server.</summary>
    public async Task KillAsync()
    {
        if (_disposed || _process.HasExited) return;
        _process.Kill(true);
        await _process.WaitForExitAsync();
        // timeout has exited; MediaServer, its child, may hold its ports a moment longer. A restart on
        // the same ports must not find the old one still answering.
        for (var until = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < until; await Task.Delay(100))
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Ports.Http);
            }
            catch (SocketException)
            {
                return;
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 300) _output.Dequeue();
        }
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        try
        {
            await KillAsync();
        }
        finally
        {
            _disposed = true;
            _process.Dispose();
            try { Directory.Delete(Folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
