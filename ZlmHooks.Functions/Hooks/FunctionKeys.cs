using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>
/// The handler's own check of the function key. In Azure the Functions host checks <c>?code=</c>
/// before forwarding; under <c>func start</c> and when run on its own nothing else does, so the
/// handler checks every hook and API call against its configured keys.
/// </summary>
public sealed class FunctionKeys
{
    public const string QueryName = "code";
    public const string HeaderName = "x-functions-key";

    private readonly byte[][] _keys;

    public FunctionKeys(IOptions<ZlmHooksOptions> options, HostingEnvironment hosting)
    {
        var keys = (options.Value.FunctionKeys ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _keys = [.. keys.Select(Encoding.UTF8.GetBytes)];
        Required = _keys.Length > 0;
        if (!Required && !options.Value.DevelopmentMode && !hosting.HostChecksKeys)
            throw new InvalidOperationException(
                "No function key is configured. Set ZlmHooks__FunctionKeys (one or more keys separated by ';'), " +
                "or set ZlmHooks__DevelopmentMode=true to run without one on a development machine.");
    }

    /// <summary>False only in development mode, or in Azure where the host checks keys itself.</summary>
    public bool Required { get; }

    /// <summary>Constant-time in the key's content, and every key is compared. A key's length is
    /// not a secret (<see cref="CryptographicOperations.FixedTimeEquals"/> answers a length mismatch at
    /// once too); hashing both sides to hide it cost more than the rest of the check (docs/benchmarks.md).</summary>
    public bool IsValid(string? presented)
    {
        if (!Required) return true;
        if (string.IsNullOrEmpty(presented)) return false;
        var max = Encoding.UTF8.GetMaxByteCount(presented.Length);
        var bytes = max <= 512 ? stackalloc byte[max] : new byte[max];
        var written = Encoding.UTF8.GetBytes(presented, bytes);
        var match = false;
        foreach (var known in _keys)
            match |= CryptographicOperations.FixedTimeEquals(known, bytes[..written]);
        return match;
    }

    public static string? Presented(HttpRequest request) =>
        request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header)
            ? header.ToString()
            : CodeOf(request.QueryString.Value);

    /// <summary>The first <c>code</c> parameter of a query string, decoded as the query collection would
    /// decode it. Read from the string itself: building the request's whole query collection for one
    /// parameter was a measurable part of a warm on_play.</summary>
    internal static string? CodeOf(string? query)
    {
        if (string.IsNullOrEmpty(query)) return null;
        var rest = query.AsSpan(query[0] == '?' ? 1 : 0);
        string? found = null;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name.IsEmpty || !Decode(name).Equals(QueryName, StringComparison.Ordinal)) continue;
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            // Given twice, the values joined as the query collection joins them (and so no key matches).
            found = found is null ? value : found + "," + value;
        }
        return found;
    }

    private static string Decode(ReadOnlySpan<char> part) =>
        part.ContainsAny('%', '+') ? Uri.UnescapeDataString(part.ToString().Replace('+', ' ')) : part.ToString();
}
