using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
namespace ZlmHooks.Tests.Fuzz;

/// <summary>A real request body to mutate: the capture's file name, its hook, its body.</summary>
public sealed record FuzzSeed(string FileName, string Hook, byte[] Body);

/// <summary>One mutated request: which capture it came from, what was done to it, the bytes sent.</summary>
/// <param name="Body">The body before any HTTP framing, for the oracle that says what may be allowed.</param>
public sealed record FuzzCase(int Index, string Hook, string Capture, string Mutations, byte[] Request, string Method, byte[] Body);

/// <summary>
/// Seeded, deterministic mutations of the real captures (../shared/zlm-captures/): the same seed and
/// index give the same request, so any failure is reproduced from its index alone. Every hook is
/// covered in turn; each case applies one to three mutations, structural (on the JSON) or raw (on
/// the bytes and the HTTP framing).
/// </summary>
/// (The benchmark links this file to send the same cases to the published handler.)
public sealed class Mutator(int seed, string key, IReadOnlyList<FuzzSeed> seeds)
{
    private readonly IReadOnlyList<IGrouping<string, FuzzSeed>> ByHook =
        [.. seeds.GroupBy(c => c.Hook).OrderBy(g => g.Key, StringComparer.Ordinal)];

    /// <summary>Hooks with a capture; the catalog's other functions are timers and APIs.</summary>
    public IEnumerable<string> Hooks => ByHook.Select(g => g.Key);

    private static readonly string[] Tricky =
    [
        "../secret", "..%2fsecret", "%2e%2e/%2e%2e/etc/passwd", "..\\..\\windows", "/", "//", "#", "?x=1", "|", "~", "%", "%00", "\0",
        "\u202e", "\u200b", "\ufeff", "😀", "ｌｉｖｅ", "e\u0301", "\u00e9", "中文流", "'", "\"", "' or '1'='1", "*", "live*", "$where",
        "<script>", "\r\nX-Injected: 1", "\n2026-11-26 fake log line", "CON", "..", ".", " ", "", new string('x', 300), new string('é', 700),
    ];

    private static readonly string[] Traversals =
    [
        "/pub/../secret/x.mp4", "/pub/%2e%2e/secret/x.mp4", "/pub/..%2f..%2fsecret", "/pub/%252e%252e/secret", "/pub/..\\secret",
        "/pub/./../secret", "/pub/a/../../secret", "/../pub/x", "/pub/x%00.mp4", "/pub/%c0%ae%c0%ae/secret", "/pub/..%5csecret",
    ];

    public FuzzCase Create(int index)
    {
        // Not HashCode.Combine: it is seeded per process, and a case must be the same in every run.
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var group = ByHook[index % ByHook.Count];
        var capture = group.ElementAt(random.Next(group.Count()));
        var body = JsonNode.Parse(capture.Body)!.AsObject();
        var request = new Request(capture.Hook, body);
        var done = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            done.Add(Mutate(random, request));
            if (request.Raw is not null) request.Json = null; // the bytes are final; later steps are about framing
        }
        return new FuzzCase(index, capture.Hook, capture.FileName, string.Join(", ", done), request.Build(key), request.Method, request.Body);
    }

    /// <summary>What is being built: the JSON until a raw mutation turns it into bytes.</summary>
    private sealed class Request(string hook, JsonObject json)
    {
        public string Hook = hook;
        public JsonObject? Json = json;
        public byte[]? Raw;
        public string Method = "POST";
        public string Target = "/index/hook/" + hook;
        public string? ContentType = "application/json";
        public bool Chunked;
        public string? ChunkAbuse;
        public List<string> Headers = [];

        public byte[] Body => Raw ??= JsonSerializer.SerializeToUtf8Bytes(Json);

        public byte[] Build(string key)
        {
            var body = Body;
            var target = Target + (Target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + key;
            var head = new StringBuilder($"{Method} {target} HTTP/1.1\r\nHost: hooks.example.net\r\nConnection: close\r\n");
            if (ContentType is not null) head.Append($"Content-Type: {ContentType}\r\n");
            foreach (var h in Headers) head.Append(h).Append("\r\n");
            if (!Chunked)
                return [.. Encoding.ASCII.GetBytes(head.Append($"Content-Length: {body.Length}\r\n\r\n").ToString()), .. body];
            head.Append("Transfer-Encoding: chunked\r\n\r\n");
            var chunks = new MemoryStream();
            var size = ChunkAbuse switch
            {
                "overflow" => "ffffffffffffffff",
                "negative" => "-5",
                "not hex" => "zz",
                "extension" => $"{body.Length:x};name=value",
                "too small" => $"{Math.Max(1, body.Length / 2):x}",
                _ => $"{body.Length:x}",
            };
            chunks.Write(Encoding.ASCII.GetBytes(size + "\r\n"));
            chunks.Write(body);
            chunks.Write("\r\n0\r\n\r\n"u8);
            return [.. Encoding.ASCII.GetBytes(head.ToString()), .. chunks.ToArray()];
        }
    }

    private static string Mutate(Random random, Request r)
    {
        var json = r.Json;
        var kind = random.Next(json is null ? 6 : 23);
        switch (kind)
        {
            // ----- framing and HTTP: valid whether or not the body is still JSON -----
            case 0:
                r.ContentType = Pick(random, ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "", "application/jsonx", "multipart/form-data; boundary=x", null]);
                return $"content type {r.ContentType ?? "(none)"}";
            case 1:
                r.Chunked = true;
                r.ChunkAbuse = Pick(random, ["plain", "overflow", "negative", "not hex", "extension", "too small"]);
                return $"chunked ({r.ChunkAbuse})";
            case 2:
                r.Method = Pick(random, ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
                return $"method {r.Method}";
            case 3:
                r.Target = Pick(random, [$"/index/hook/{r.Hook}/", $"//index/hook/{r.Hook}", $"/index/hook/{r.Hook.ToUpperInvariant()}", $"/index/hook/{r.Hook}?x=%ff",
                    $"/index/hook/{r.Hook}?code=", $"/index/hook/{r.Hook}%00", $"/index/hook/../hook/{r.Hook}", $"/index/hook/{r.Hook}?" + new string('a', 4000)]);
                return "target " + (r.Target.Length > 60 ? r.Target[..60] + "..." : r.Target);
            case 4:
                r.Headers.Add(Pick(random, ["X-Forwarded-For: 10.1.2.3", "Content-Encoding: gzip", "Expect: 100-continue", "X-Big: " + new string('h', 20000),
                    "Authorization: Bearer x", "Content-Type: text/plain"]));
                return "header " + r.Headers[^1][..Math.Min(30, r.Headers[^1].Length)];
            case 5:
            {
                var bytes = r.Body;
                switch (random.Next(6))
                {
                    case 0: r.Raw = bytes[..random.Next(bytes.Length)]; return "truncated";
                    case 1: r.Raw = [.. bytes, .. Encoding.UTF8.GetBytes(Pick(random, ["}", ",", "garbage", "\0", "{}"]))]; return "trailing bytes";
                    case 2:
                        var at = random.Next(bytes.Length);
                        r.Raw = [.. bytes[..at], (byte)random.Next(256), .. bytes[at..]];
                        return "random byte inserted";
                    case 3: r.Raw = Encoding.UTF8.GetBytes(Pick(random, ["", " ", "null", "[]", "\"text\"", "42", "true", "{", "[{}]"])); return "not an object";
                    case 4: r.Raw = [.. bytes.AsSpan(0, Math.Max(0, bytes.Length - 1)), .. ",\"pad\":\""u8, .. Encoding.ASCII.GetBytes(new string('p', 70_000)), .. "\"}"u8]; return "oversized";
                    default:
                        // Invalid UTF-8 somewhere inside a string value: after the first quote past the start.
                        var quote = Array.IndexOf(bytes, (byte)'"', random.Next(bytes.Length));
                        if (quote < 0) quote = Array.IndexOf(bytes, (byte)'"');
                        r.Raw = [.. bytes[..(quote + 1)], .. Pick(random, [new byte[] { 0xff }, [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8]]), .. bytes[(quote + 1)..]];
                        return "invalid UTF-8";
                }
            }
        }

        // ----- structural, on the JSON -----
        json ??= new JsonObject();
        var keys = json.Select(p => p.Key).ToList();
        var field = keys.Count == 0 ? "app" : keys[random.Next(keys.Count)];
        switch (kind)
        {
            case 6 or 7:
                json[field] = Value(random);
                return $"{field} = {Short(json[field])}";
            case 8:
                json[field] = Pick(random, ["1e400", "-1e400", "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1e-400", "-0", "0.0000001", "4294967295", "2147483648"]) is var n
                    ? JsonNode.Parse(n) : null;
                return $"{field} = {n}";
            case 9:
                var depth = Pick(random, [10, 60, 63, 65, 200, 1000]);
                r.Raw = NestedBytes(json, depth);
                return $"nesting {depth}";
            case 10:
                json.Remove(field);
                return $"removed {field}";
            case 11:
                r.Raw = [.. r.Body.AsSpan(0, Math.Max(0, r.Body.Length - 1)), .. Encoding.UTF8.GetBytes($",\"{Pick(random, ["app", "stream", "ip", "params", "mediaServerId", field])}\":\"dup\"}}")];
                return "duplicate key";
            case 12:
                json[Pick(random, ["app", "stream", "vhost"])] = Pick(random, Tricky);
                return "tricky name";
            case 13:
                json["path"] = Pick(random, Traversals);
                return $"path {json["path"]}";
            case 14:
                json["ip"] = Pick(random, ["167838211", "0x7f000001", "127.1", "0177.0.0.1", "127.0.0.1 ", "::ffff:127.0.0.1%eth0", "[::1]", "127.0.0.1:80", "", "localhost", "2130706433"]);
                return $"ip {json["ip"]}";
            case 15:
                json["params"] = Pick(random, ["token=", "token=%00", "sign=&expires=99999999999999999999", "expires=-1&sign=AAAA", "token=" + new string('t', 5000), "&&&==", "%zz", "kid=../../x&sign=x&expires=1"]);
                return "params";
            case 16:
                r.Raw = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(r.Body).Replace("\"live\"", "\"\\udfff\"", StringComparison.Ordinal).Replace("\"zlm-test-01\"", "\"zlm\\ud800x\"", StringComparison.Ordinal));
                return "lone surrogates";
            case 17:
                json[Pick(random, ["api.secret", "vendor.token", "x"])] = Value(random);
                return "extra field";
            case 18:
                json[field] = new string('L', Pick(random, [1025, 5000, 40_000]));
                return $"{field} long";
            case 19:
                if (json["tracks"] is not null || random.Next(2) == 0) json["tracks"] = new JsonArray(null, JsonValue.Create(1), new JsonObject { ["codec_type"] = "x", ["width"] = 1e300 }, new JsonArray());
                return "odd tracks";
            case 20:
                json["mediaServerId"] = Pick(random, Tricky);
                return "odd mediaServerId";
            case 21:
                // Every part of a table key long at once: vhost, app and stream share one row key.
                foreach (var part in new[] { "mediaServerId", "vhost", "app", "stream" })
                    json[part] = new string(Pick(random, ['L', 'é', '中']), Pick(random, [170, 600, 3000]));
                return "address long";
            default:
                json[field] = JsonValue.Create(Pick(random, Tricky));
                return $"{field} tricky";
        }
    }

    private static byte[] NestedBytes(JsonObject json, int depth)
    {
        // JsonNode refuses to serialize beyond its own depth limit: write the nest by hand.
        var text = JsonSerializer.Serialize(new JsonObject(json.Where(p => p.Key != "deep").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
        var nest = new string('[', depth) + "1" + new string(']', depth);
        return Encoding.UTF8.GetBytes(text[..^1] + (text.Length > 2 ? "," : "") + "\"deep\":" + nest + "}");
    }

    private static JsonNode? Value(Random random) => random.Next(14) switch
    {
        0 => null,
        1 => true,
        2 => 0,
        3 => -1,
        4 => "",
        5 => "string",
        6 => new JsonArray(),
        7 => new JsonObject(),
        8 => new JsonArray(null, 1, "x"),
        9 => new JsonObject { ["a"] = new JsonObject { ["b"] = 1 } },
        10 => 1.5,
        11 => "123",
        12 => "true",
        _ => long.MaxValue,
    };

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
