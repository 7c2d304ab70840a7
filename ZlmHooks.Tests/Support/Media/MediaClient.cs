using System.Diagnostics;
using System.Text;

namespace ZlmHooks.Tests.Support.Media;

/// <summary>ffmpeg, ffprobe or curl (Debian's packages) as a real client of MediaServer: what it
/// printed and how it exited.</summary>
public sealed class MediaClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    private MediaClient(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_out) return _out.ToString(); } }
    public string Stderr { get { lock (_err) return _err.ToString(); } }
    public bool HasExited => _process.HasExited;

    public static MediaClient Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        return new MediaClient(Process.Start(start)!);
    }

    /// <summary>Pushes a test pattern with sound for <paramref name="seconds"/> at real time, as a camera would.
    /// <paramref name="url"/> decides the protocol: rtmp:// as FLV, rtsp:// over TCP.</summary>
    public static MediaClient Publish(string url, int seconds)
    {
        var format = url.StartsWith("rtsp://", StringComparison.Ordinal) ? new[] { "-f", "rtsp", "-rtsp_transport", "tcp" } : ["-f", "flv"];
        return Start("ffmpeg", [
            "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
            "-f", "lavfi", "-i", $"testsrc=size=320x240:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-ar", "44100", "-shortest", .. format, url]);
    }

    /// <summary>What a player sees: the codec types ffprobe reads from <paramref name="url"/> ("video", "audio"), none when refused.</summary>
    public static async Task<(int Exit, string[] Codecs, string Error)> ProbeAsync(string url, int timeoutSeconds = 15)
    {
        await using var probe = Start("ffprobe", "-v", "error", "-rw_timeout", $"{timeoutSeconds * 1_000_000}", "-show_entries", "stream=codec_type", "-of", "csv=p=0", url);
        var exit = await probe.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds + 10));
        return (exit, probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), probe.Stderr);
    }

    /// <summary>Asserts that ffprobe gets video from <paramref name="url"/> (admitted) or does not (refused).</summary>
    public static async Task AssertPlaysAsync(string url, bool expected)
    {
        var (exit, codecs, error) = await ProbeAsync(url);
        var played = exit == 0 && codecs.Contains("video");
        Assert.True(played == expected, $"{url}: expected {(expected ? "to play" : "a refusal")}, got exit {exit} [{string.Join(',', codecs)}] {error}");
    }

    /// <summary>curl's status code for a URL, the path sent as written (<c>--path-as-is</c>).</summary>
    public static async Task<int> HttpStatusAsync(string url)
    {
        await using var curl = Start("curl", "-s", "-o", "/dev/null", "--path-as-is", "--max-time", "15", "-w", "%{http_code}", url);
        await curl.WaitAsync(TimeSpan.FromSeconds(25));
        return int.Parse(curl.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Its exit code; killed (and -1) if it has not exited within <paramref name="limit"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            _process.WaitForExit(); // the output's last lines
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(true);
            return -1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
