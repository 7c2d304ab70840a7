using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ZlmHooks.Tests.Support;

/// <summary>Sends raw request bytes over a real TCP connection, the way MediaServer does (one
/// connection per call), and reads back the status, headers and body.</summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, TimeSpan? limit = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        await stream.FlushAsync();

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(15));
        int headerEnd = -1, contentLength = -1;
        while (true)
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            if (read == 0) break;
            buffer.Write(chunk, 0, read);
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (headerEnd < 0)
            {
                headerEnd = bytes.IndexOf("\r\n\r\n"u8);
                if (headerEnd >= 0)
                {
                    headerEnd += 4;
                    var head = Encoding.ASCII.GetString(bytes[..headerEnd]);
                    var line = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                    contentLength = line is null ? 0 : int.Parse(line.Split(':')[1].Trim());
                }
            }
            if (headerEnd >= 0 && buffer.Length >= headerEnd + contentLength) break;
        }

        var all = buffer.ToArray();
        var headText = Encoding.ASCII.GetString(all, 0, headerEnd);
        var lines = headText.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RawResponse(status, headers, Encoding.UTF8.GetString(all, headerEnd, all.Length - headerEnd));
    }

    /// <summary>A request built from parts, for inputs MediaServer would never send.</summary>
    public static byte[] Build(string method, string target, string? contentType, byte[] body, bool contentLength = true)
    {
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: hooks.example.net\r\nConnection: close\r\n");
        if (contentType is not null) head.Append($"Content-Type: {contentType}\r\n");
        if (contentLength) head.Append($"Content-Length: {body.Length}\r\n");
        else head.Append("Transfer-Encoding: chunked\r\n");
        head.Append("\r\n");
        var payload = contentLength ? body : Chunked(body);
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. payload];
    }

    private static byte[] Chunked(byte[] body)
    {
        var output = new MemoryStream();
        foreach (var part in body.Chunk(4096))
        {
            output.Write(Encoding.ASCII.GetBytes($"{part.Length:x}\r\n"));
            output.Write(part);
            output.Write("\r\n"u8);
        }
        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }
}

public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }
}
