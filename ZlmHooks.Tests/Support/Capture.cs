using System.Text;

namespace ZlmHooks.Tests.Support;

/// <summary>One raw HTTP request as a real MediaServer sent it.</summary>
public sealed record Capture(string FileName, string Hook, byte[] Raw)
{
    public static IReadOnlyList<Capture> All { get; } = Load();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var capture in All) data.Add(capture.FileName);
        return data;
    }

    public static Capture Named(string fileName) => All.Single(c => c.FileName == fileName);

    public static IEnumerable<Capture> Of(string hook) => All.Where(c => c.Hook == hook);

    /// <summary>The JSON body: everything after the blank line that ends the headers.</summary>
    public byte[] Body
    {
        get
        {
            var end = HeaderEnd(Raw);
            return Raw[end..];
        }
    }

    /// <summary>The same request with the function key added to the request line, as an operator's
    /// config.ini URL would carry it. Headers and body stay byte for byte as captured.</summary>
    public byte[] WithKey(string key)
    {
        var lineEnd = Array.IndexOf(Raw, (byte)'\n');
        var requestLine = Encoding.ASCII.GetString(Raw, 0, lineEnd).TrimEnd('\r');
        var parts = requestLine.Split(' ');
        parts[1] += (parts[1].Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + Uri.EscapeDataString(key);
        var newLine = Encoding.ASCII.GetBytes(string.Join(' ', parts) + (Raw[lineEnd - 1] == '\r' ? "\r" : ""));
        return [.. newLine, .. Raw.AsSpan(lineEnd)];
    }

    /// <summary>The request with the key added and another body: headers as captured (User-Agent and
    /// all), Content-Length made to match.</summary>
    public byte[] WithKeyAndBody(string key, byte[] body)
    {
        var raw = WithKey(key);
        var head = Encoding.ASCII.GetString(raw, 0, HeaderEnd(raw));
        head = System.Text.RegularExpressions.Regex.Replace(head, @"(?im)^Content-Length:\s*\d+", "Content-Length: " + body.Length);
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private static int HeaderEnd(byte[] raw)
    {
        for (var i = 0; i + 1 < raw.Length; i++)
        {
            if (raw[i] == '\n' && raw[i + 1] == '\n') return i + 2;
            if (i + 3 < raw.Length && raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') return i + 4;
        }
        throw new FormatException("no end of headers");
    }

    private static List<Capture> Load() =>
        [.. Directory.GetFiles(Repo.CapturesDir, "*.http")
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var name = Path.GetFileName(path);
                var hook = name.Split("__")[0];
                return new Capture(name, hook, File.ReadAllBytes(path));
            })];
}
