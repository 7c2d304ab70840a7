using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Hooks;

/// <summary>
/// The one cleaning of a hook payload before anything keeps or forwards it (the registry, the
/// recording catalog, server health, events, logs): hook_index removed (MediaServer renumbers it on
/// every retry); the value of every key that names a secret, of any JSON type (<c>api.secret</c>,
/// passwords, <c>srt.passPhrase</c>, <c>*Key</c>, <c>hook.admin_params</c>, configured ones); in every
/// URL anywhere, the userinfo password and secret-looking query parameters (<c>token=</c>, <c>sign=</c>,
/// <c>code=</c>...) and fragment pairs (SRT's <c>#!::...,passphrase=</c>); the same in the query of a
/// path without a scheme under a key that holds one (<c>url</c>, <c>file_path</c>...); the whole query of the hook URLs in on_server_started; the secret-looking
/// parameters of a client's <c>params</c>.
/// </summary>
public sealed partial class Redaction
{
    public const string Redacted = "[redacted]";

    private readonly HashSet<string> _extraKeys;

    public Redaction(IOptions<RedactionOptions> options)
    {
        _extraKeys = new HashSet<string>((options.Value.RedactKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"(secret|passw|passphrase|pwd|token|credential|apikey|api_key|private|admin_params|sign(ature)?\d*$|key\d*$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"^(token|sign|signature|secret|key|code|password|passwd|passphrase|pwd|auth|access_token|sig|expires_sign|jwt|session)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    /// <summary>A URL: a scheme, "://", then up to whitespace, a quote, '&lt;' or '&gt;', or a ',' or ';'
    /// that ends it (followed by whitespace, the end, or another URL: a list of URLs). Other commas are
    /// the URL's own: SRT writes <c>streamid=#!::r=live/x,m=publish</c>, and a secret after such a
    /// comma must be inside the URL that is cleaned.</summary>
    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://(?:[^\s""',;<>]|[,;](?=[^\s""',;<>])(?![a-z][a-z0-9+.-]*://))*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    /// <summary>Keys whose value is a URL or a path that MediaServer may write without a scheme
    /// (on_record_mp4's <c>url</c> is <c>record/live/cam1/....mp4</c>): a query there is still a query.</summary>
    [GeneratedRegex(@"(url|uri|path|folder|file|file_?name)$", RegexOptions.IgnoreCase)]
    private static partial Regex PathKey();

    /// <summary>The hook's body as JSON (typed fields normalised, unknown ones kept) without hook_index
    /// and with its secrets redacted: what may be stored, published or logged.</summary>
    public JsonObject Clean(Hook hook, HookRequest request)
    {
        var payload = hook.ToJson(request);
        payload.Remove("hook_index");
        Apply(payload);
        return payload;
    }

    public bool IsSecretKey(string key)
    {
        var last = key[(key.LastIndexOf('.') + 1)..];
        return _extraKeys.Contains(key) || _extraKeys.Contains(last) || SecretKey().IsMatch(last);
    }

    /// <summary>Redacts in place and returns the same node (a string at the root comes back as a new value).</summary>
    public JsonNode? Apply(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    var child = o[key];
                    if (IsSecretKey(key) && HasValue(child))
                    {
                        o[key] = Redacted; // whatever its type: a numeric api.secret is as secret as a string one
                        continue;
                    }
                    if (child is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                    {
                        Apply(child);
                        continue;
                    }
                    var text = value.GetValue<string>();
                    if (key == "params") o[key] = Params(text);
                    else if (key.StartsWith("hook.", StringComparison.Ordinal) && IsUrl(text)) o[key] = WithoutQueries(text);
                    else if (IsUrl(text)) o[key] = Url(text);
                    else if (PathKey().IsMatch(key[(key.LastIndexOf('.') + 1)..])) o[key] = PathOrUrl(text);
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text && IsUrl(text))
                        a[i] = Url(text);
                    else
                        Apply(a[i]);
                }
                return a;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var text && IsUrl(text):
                return JsonValue.Create(Url(text));
            default:
                return node;
        }
    }

    private static bool HasValue(JsonNode? node) =>
        node is not null && !(node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0);

    private static bool IsUrl(string text) => text.Contains("://", StringComparison.Ordinal);

    /// <summary>Every URL in <paramref name="text"/> without its userinfo password and with its
    /// secret-looking query parameters and fragment pairs redacted (an SRT passphrase or session id
    /// after <c>streamid=#!::</c> too):
    /// "rtsp://admin:pw@cam/101?token=t&amp;ch=1" → "rtsp://admin:[redacted]@cam/101?token=[redacted]&amp;ch=1".</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Url(string? text) =>
        text is null || !IsUrl(text) ? text : UrlPattern().Replace(text, m => OneUrl(m.Value, keepQuery: true));

    private static string WithoutQueries(string text) => UrlPattern().Replace(text, m => OneUrl(m.Value, keepQuery: false));

    /// <summary>A URL, or a path below a server's root that may have a query and a fragment
    /// ("record/live/cam1/a.mp4?token=t" → "record/live/cam1/a.mp4?token=[redacted]"), cleaned as
    /// <see cref="Url"/> cleans a URL's query and fragment. A path with neither comes back as it is.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? PathOrUrl(string? text) =>
        text is null ? null : IsUrl(text) ? Url(text) : text.AsSpan().IndexOfAny('?', '#') < 0 ? text : QueryAndFragment(text, 0, keepQuery: true);

    private static string OneUrl(string url, bool keepQuery)
    {
        var authorityStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at >= 0)
        {
            var colon = url.IndexOf(':', authorityStart, at - authorityStart);
            if (colon >= 0)
            {
                url = url[..(colon + 1)] + Redacted + url[at..];
                authorityEnd = colon + 1 + Redacted.Length + (authorityEnd - at);
            }
        }
        return QueryAndFragment(url, authorityEnd, keepQuery);
    }

    /// <summary>The query's secret parameters and the fragment's secret pairs redacted (all of both
    /// for a hook URL); the path before them kept. A '?' after the '#' is the fragment's.</summary>
    private static string QueryAndFragment(string url, int from, bool keepQuery)
    {
        var hash = url.IndexOf('#', from);
        var end = hash < 0 ? url.Length : hash;
        var question = url.IndexOf('?', from, end - from);
        var head = question < 0 ? url[..end] : url[..(question + 1)] + (keepQuery ? Params(url[(question + 1)..end]) : Redacted);
        if (hash < 0) return head;
        return head + "#" + (keepQuery ? Pairs(url[(hash + 1)..]) : Redacted);
    }

    /// <summary>"token=abc&amp;x=1" → "token=[redacted]&amp;x=1".</summary>
    public static string Params(string query) => string.Join('&', query.Split('&').Select(pair =>
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) return pair;
        var name = Unescape(pair[..eq]);
        if (IsSecretName(name)) return pair[..(eq + 1)] + Redacted;
        return name.Equals("streamid", StringComparison.OrdinalIgnoreCase) ? pair[..(eq + 1)] + StreamId(pair[(eq + 1)..]) : pair;
    }));

    private static bool IsSecretName(string name) => SecretParameter().IsMatch(name) || SecretKey().IsMatch(name);

    /// <summary>An SRT <c>streamid</c> written with its '#' escaped (<c>%23!::r=live/x,s=...</c>):
    /// its pairs cleaned as a fragment's, and written back escaped only where a query needs it.</summary>
    private static string StreamId(string value)
    {
        var decoded = Unescape(value);
        if (!decoded.StartsWith("#!::", StringComparison.Ordinal)) return value;
        var cleaned = "#" + Pairs(decoded[1..]);
        return cleaned == decoded ? value
            : cleaned.Replace("%", "%25", StringComparison.Ordinal).Replace("&", "%26", StringComparison.Ordinal)
                .Replace("#", "%23", StringComparison.Ordinal).Replace("+", "%2B", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
    }

    /// <summary>A fragment's name=value pairs, separated by '&amp;' or ',' (SRT's access control
    /// syntax, <c>!::r=live/x,m=request,s=session</c>, whose <c>s</c> is a session id that authorises):
    /// secret-looking values redacted, everything else as it was.</summary>
    private static string Pairs(string fragment)
    {
        var srt = fragment.StartsWith("!::", StringComparison.Ordinal);
        var text = new System.Text.StringBuilder(fragment.Length);
        var start = 0;
        while (start <= fragment.Length)
        {
            var stop = fragment.IndexOfAny(['&', ','], start);
            if (stop < 0) stop = fragment.Length;
            var pair = fragment[start..stop];
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq <= 0 ? "" : Unescape(start == 0 && srt ? pair[3..eq] : pair[..eq]);
            text.Append(eq > 0 && (IsSecretName(name) || (srt && name == "s")) ? pair[..(eq + 1)] + Redacted : pair);
            if (stop < fragment.Length) text.Append(fragment[stop]);
            start = stop + 1;
        }
        return text.ToString();
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text);
}
