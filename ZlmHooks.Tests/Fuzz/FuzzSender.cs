using System.Net.Sockets;
using System.Text;

namespace ZlmHooks.Tests.Fuzz;

/// <summary>What came back for one mutated request; Status 0 when the connection closed unanswered.</summary>
public sealed record FuzzAnswer(int Status, string? ContentType, string Body);

/// <summary>Sends raw bytes over one TCP connection and reads one final answer, whatever was sent:
/// skips interim 1xx answers, reads no body after HEAD, and reports a closed connection as status 0.</summary>
public static class FuzzSender
{
    public static async Task<FuzzAnswer> SendAsync(Uri server, byte[] request, bool head)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before reading a large body: read what it said.
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        var start = 0;
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(chunk, timeout.Token);
            }
            catch (IOException)
            {
                read = 0;
            }
            if (read == 0) break;
            buffer.Write(chunk, 0, read);
            if (TryParse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ref start, head) is { } answer) return answer;
        }
        return TryParse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ref start, head, closed: true) ?? new FuzzAnswer(0, null, "");
    }

    private static FuzzAnswer? TryParse(ReadOnlySpan<byte> bytes, ref int start, bool head, bool closed = false)
    {
        while (true)
        {
            var end = bytes[start..].IndexOf("\r\n\r\n"u8);
            if (end < 0) return null;
            var headText = Encoding.ASCII.GetString(bytes.Slice(start, end));
            var lines = headText.Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var bodyStart = start + end + 4;
            if (status is >= 100 and < 200)
            {
                start = bodyStart;
                continue;
            }
            string? Header(string name) => lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                .Select(p => p[1].Trim()).FirstOrDefault();
            var length = Header("Content-Length") is { } l ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : -1;
            if (head || length == 0) return new FuzzAnswer(status, Header("Content-Type"), "");
            if (length > 0 && bytes.Length - bodyStart >= length)
                return new FuzzAnswer(status, Header("Content-Type"), Encoding.UTF8.GetString(bytes.Slice(bodyStart, length)));
            if (length < 0 && closed) // chunked or close-delimited: the raw rest is enough to search
                return new FuzzAnswer(status, Header("Content-Type"), Encoding.UTF8.GetString(bytes[bodyStart..]));
            return null;
        }
    }
}
