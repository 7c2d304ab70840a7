using Microsoft.Extensions.Options;
using ZlmHooks.Hosting;

namespace ZlmHooks.Hooks;

/// <summary>
/// The function key on hook calls. In Azure the Functions host checks <c>?code=</c> before it
/// forwards a call, and the handler trusts that check rather than repeat it with a copy of the key
/// (which it would have to be given, and kept in step with the host's). Under <c>func start</c> and
/// when run on its own nothing else checks, so the handler checks every hook call against its keys.
/// </summary>
public sealed class FunctionKeys
{
    public const string QueryName = "code";
    public const string HeaderName = "x-functions-key";

    private readonly KeyRing _keys;

    public FunctionKeys(IOptions<ZlmHooksOptions> options, HostingEnvironment hosting)
    {
        _keys = new KeyRing(options.Value.FunctionKeys);
        Required = !_keys.IsEmpty && !hosting.HostChecksKeys;
        if (_keys.IsEmpty && !options.Value.DevelopmentMode && !hosting.HostChecksKeys)
            throw new InvalidOperationException(
                "No function key is configured. Set ZlmHooks__FunctionKeys (one or more keys separated by ';'), " +
                "or set ZlmHooks__DevelopmentMode=true to run without one on a development machine.");
    }

    /// <summary>False in Azure, where the host has checked the key, and in development mode without one.</summary>
    public bool Required { get; }

    public bool IsValid(string? presented) => !Required || _keys.Contains(presented);

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
