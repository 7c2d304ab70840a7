using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ZlmHooks.Hooks;

/// <summary>Reads a hook body into a pooled buffer, refusing what MediaServer would never send:
/// a non-JSON content type, an empty body, a body over the limit.</summary>
internal readonly struct HookBody : IDisposable
{
    private readonly byte[]? _rented;

    private HookBody(byte[] rented, int length)
    {
        _rented = rented;
        Json = rented.AsMemory(0, length);
        Problem = null;
    }

    private HookBody(int status, string message)
    {
        _rented = null;
        Json = default;
        Problem = new BodyProblem(status, message);
    }

    public ReadOnlyMemory<byte> Json { get; }
    public BodyProblem? Problem { get; }

    public void Dispose()
    {
        if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
    }

    public static async ValueTask<HookBody> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
            return new HookBody(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json, got '{Truncate(request.ContentType ?? "(none)")}'");

        var declared = request.ContentLength;
        if (declared > limit)
            return TooLarge(limit);
        if (declared == 0)
            return Empty();

        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } n ? (int)n : Math.Min(limit, 4096));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit) { ArrayPool<byte>.Shared.Return(buffer); return TooLarge(limit); }
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0) break;
                length += read;
                if (length > limit) { ArrayPool<byte>.Shared.Return(buffer); return TooLarge(limit); }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length == 0 || buffer.AsSpan(0, length).Trim(" \t\r\n"u8).IsEmpty)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return Empty();
        }
        buffer = JsonText.Repair(buffer, ref length);
        return new HookBody(buffer, length);
    }

    /// <summary>A client-safe description of why a body did not parse: where, and what was expected.
    /// The runtime's own messages name .NET types, which mean nothing to an operator.</summary>
    public static string Describe(JsonException e)
    {
        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        var what = e.InnerException is null && e.Message.StartsWith("expected ", StringComparison.Ordinal)
            ? e.Message
            : e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "wrong type of value" : "not valid JSON";
        if (e.LineNumber is { } line && what == "not valid JSON")
            what += $" (line {line + 1}, byte {e.BytePositionInLine + 1})";
        return $"malformed JSON body{where}: {what}";
    }

    /// <summary>The first key that one object of the body gives twice, or null. The serializer refuses
    /// such a body (<c>AllowDuplicateProperties = false</c>) with a message that names .NET types; this
    /// names the key, for the answer and the log. Read only after a body failed to parse.</summary>
    public static string? DuplicateKey(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var open = new List<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: open.Add(new HashSet<string>(StringComparer.Ordinal)); break;
                    case JsonTokenType.StartArray: open.Add(null); break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray: open.RemoveAt(open.Count - 1); break;
                    case JsonTokenType.PropertyName when !open[^1]!.Add(reader.GetString()!): return reader.GetString();
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not valid JSON before any key repeats: another problem, described by Describe.
        }
        return null;
    }

    public static string Duplicate(string key) => $"malformed JSON body: duplicate key '{Truncate(key)}'";

    /// <summary>Why Kestrel could not read a body, in the sender's terms. Its own messages name its
    /// settings ("See MinRequestBodyDataRate"), which mean nothing to whoever reads the answer.</summary>
    public static string Unreadable(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "the request body arrived too slowly: the sender stopped sending it before it was complete",
        StatusCodes.Status413PayloadTooLarge => "body is larger than this receiver accepts",
        _ => "malformed HTTP body: its chunked encoding or its length could not be read",
    };

    /// <summary>An exception's message as one short line for a log.</summary>
    public static string FirstLine(string message)
    {
        var line = message.AsSpan();
        if (line.IndexOfAny('\r', '\n') is var end and >= 0) line = line[..end];
        return line.Length <= 200 ? line.ToString() : line[..200].ToString() + "...";
    }

    private static bool IsJson(string? contentType)
    {
        // What MediaServer sends, without parsing it as a header value on every call.
        if (contentType is "application/json" or "application/json; charset=utf-8") return true;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType is not { } type)
            return false;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static HookBody TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"body is larger than the {limit}-byte limit (ZlmHooks__MaxBodyBytes)");

    private static HookBody Empty() => new(StatusCodes.Status400BadRequest, "empty body: a hook body is a JSON object");

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "...";
}

internal sealed record BodyProblem(int Status, string Message);
