using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Events;

/// <summary>
/// Removes secrets from a hook payload before it is published, stored or logged: values of keys
/// that name a secret (<c>api.secret</c>, passwords, <c>srt.passPhrase</c>, configured ones), query
/// strings of URLs (hook URLs carry our function key as <c>?code=</c>), and the values of secret-looking
/// parameters in a client's <c>params</c> (<c>token=</c>, <c>sign=</c>...).
/// </summary>
public sealed partial class Redaction
{
    public const string Redacted = "[redacted]";

    private readonly HashSet<string> _extraKeys;

    public Redaction(IOptions<EventsOptions> options)
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

    public bool IsSecretKey(string key)
    {
        var last = key[(key.LastIndexOf('.') + 1)..];
        return _extraKeys.Contains(key) || _extraKeys.Contains(last) || SecretKey().IsMatch(last);
    }

    /// <summary>Redacts in place and returns the same node.</summary>
    public JsonNode? Apply(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    var value = o[key];
                    if (value is JsonValue && IsSecretKey(key) && value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>().Length > 0)
                        o[key] = Redacted;
                    else if (key == "params" && value is JsonValue && value.GetValueKind() == System.Text.Json.JsonValueKind.String)
                        o[key] = Params(value.GetValue<string>());
                    else
                        o[key] = Apply(value?.DeepClone());
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) a[i] = Apply(a[i]?.DeepClone());
                return a;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = v.GetValue<string>();
                return text.Contains("://", StringComparison.Ordinal) && text.Contains('?', StringComparison.Ordinal)
                    ? JsonValue.Create(UrlQuery().Replace(text, "?" + Redacted))
                    : v;
            default:
                return node;
        }
    }

    /// <summary>"token=abc&amp;x=1" → "token=[redacted]&amp;x=1".</summary>
    public static string Params(string query) => string.Join('&', query.Split('&').Select(pair =>
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && SecretParameter().IsMatch(Uri.UnescapeDataString(pair[..eq])) ? pair[..(eq + 1)] + Redacted : pair;
    }));
}
