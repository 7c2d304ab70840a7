using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Hooks;

/// <summary>
/// The one cleaning of a hook payload before anything keeps or forwards it (the registry, the
/// recording catalog, server health, events, logs): hook_index removed (MediaServer renumbers it on
/// every retry), values of keys that name a secret (<c>api.secret</c>, passwords, <c>srt.passPhrase</c>,
/// configured ones), query strings of URLs (hook URLs carry our function key as <c>?code=</c>), and
/// the values of secret-looking parameters in a client's <c>params</c> (<c>token=</c>, <c>sign=</c>...).
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

    [GeneratedRegex(@"(secret|passw|passphrase|pwd|token|credential|apikey|api_key|private|sign(ature)?$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"^(token|sign|signature|secret|key|code|password|passwd|pwd|auth|access_token|sig|expires_sign)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"(?<=[a-z][a-z0-9+.-]*://[^\s?#]*)\?[^\s#""]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlQuery();

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
                    if (o[key] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                    {
                        Apply(o[key]);
                        continue;
                    }
                    var text = value.GetValue<string>();
                    if (IsSecretKey(key) && text.Length > 0) o[key] = Redacted;
                    else if (key == "params") o[key] = Params(text);
                    else if (HasUrlQuery(text)) o[key] = RedactUrls(text);
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text && HasUrlQuery(text))
                        a[i] = RedactUrls(text);
                    else
                        Apply(a[i]);
                }
                return a;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var text && HasUrlQuery(text):
                return JsonValue.Create(RedactUrls(text));
            default:
                return node;
        }
    }

    private static bool HasUrlQuery(string text) => text.Contains("://", StringComparison.Ordinal) && text.Contains('?', StringComparison.Ordinal);

    private static string RedactUrls(string text) => UrlQuery().Replace(text, "?" + Redacted);

    /// <summary>"token=abc&amp;x=1" → "token=[redacted]&amp;x=1".</summary>
    public static string Params(string query) => string.Join('&', query.Split('&').Select(pair =>
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && SecretParameter().IsMatch(Uri.UnescapeDataString(pair[..eq])) ? pair[..(eq + 1)] + Redacted : pair;
    }));
}
