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
/// <c>code=</c>...); the whole query of the hook URLs in on_server_started; the secret-looking
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

    [GeneratedRegex(@"^(token|sign|signature|secret|key|code|password|passwd|pwd|auth|access_token|sig|expires_sign|jwt|session)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    /// <summary>A URL: a scheme, "://", then up to whitespace, a quote or a list separator.</summary>
    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://[^\s""',;<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

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
    /// secret-looking query parameters redacted:
    /// "rtsp://admin:pw@cam/101?token=t&amp;ch=1" → "rtsp://admin:[redacted]@cam/101?token=[redacted]&amp;ch=1".</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Url(string? text) =>
        text is null || !IsUrl(text) ? text : UrlPattern().Replace(text, m => OneUrl(m.Value, keepQuery: true));

    private static string WithoutQueries(string text) => UrlPattern().Replace(text, m => OneUrl(m.Value, keepQuery: false));

    private static string OneUrl(string url, bool keepQuery)
    {
        var authorityStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at >= 0)
        {
            var colon = url.IndexOf(':', authorityStart, at - authorityStart);
            if (colon >= 0) url = url[..(colon + 1)] + Redacted + url[at..];
        }
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return url;
        var hash = url.IndexOf('#', question);
        var query = hash < 0 ? url[(question + 1)..] : url[(question + 1)..hash];
        var rest = hash < 0 ? "" : url[hash..];
        return url[..(question + 1)] + (keepQuery ? Params(query) : Redacted) + rest;
    }

    /// <summary>"token=abc&amp;x=1" → "token=[redacted]&amp;x=1".</summary>
    public static string Params(string query) => string.Join('&', query.Split('&').Select(pair =>
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) return pair;
        var name = Uri.UnescapeDataString(pair[..eq]);
        return SecretParameter().IsMatch(name) || SecretKey().IsMatch(name) ? pair[..(eq + 1)] + Redacted : pair;
    }));
}
