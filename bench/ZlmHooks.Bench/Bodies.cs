namespace ZlmHooks.Bench;

/// <summary>The request bodies, from the real captures.</summary>
internal sealed record Bodies(byte[] PlayAllowed, byte[] PlayDenied, byte[] Publish, byte[] StreamChanged, byte[] FlowReport, byte[] ServerStarted, byte[] Keepalive)
{
    /// <summary>Registers of 500 streams × 6 schemas, in the order a busy server sends them: consecutive
    /// requests are for different streams, as they are when many streams start.</summary>
    public byte[][] StreamChanges()
    {
        string[] schemas = ["rtsp", "rtmp", "ts", "fmp4", "hls", "hls.fmp4"];
        return Many(StreamChanged, 3000, (node, i) =>
        {
            node["stream"] = $"bench{i % 500:D3}";
            node["schema"] = schemas[i / 500 % 6];
            node["hook_index"] = 100000 + i;
        });
    }

    /// <summary><paramref name="count"/> variants of one body, each changed by <paramref name="change"/>.</summary>
    public static byte[][] Many(byte[] body, int count, Action<System.Text.Json.Nodes.JsonObject, int> change) =>
        [.. Enumerable.Range(0, count).Select(i => With(body, node => change(node, i)))];

    /// <summary>A copy of <paramref name="body"/> changed by <paramref name="change"/>.</summary>
    public static byte[] With(byte[] body, Action<System.Text.Json.Nodes.JsonObject> change)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        change(node);
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>The body of one raw captured request (after its blank line).</summary>
    public static byte[] BodyOf(string path)
    {
        var raw = File.ReadAllBytes(path);
        var at = raw.AsSpan().IndexOf("\n\n"u8);
        var crlf = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        return crlf >= 0 && (at < 0 || crlf < at) ? raw[(crlf + 4)..] : raw[(at + 2)..];
    }

    public static Bodies Load(string captures)
    {
        byte[] Body(string file) => BodyOf(Path.Combine(captures, file));
        return new Bodies(Body("on_play__001.http"), Body("on_play__003.http"), Body("on_publish__001.http"), Body("on_stream_changed__001.http"),
            Body("on_flow_report__001.http"), Body("on_server_started__001.http"), Body("on_server_keepalive__001.http"));
    }
}
