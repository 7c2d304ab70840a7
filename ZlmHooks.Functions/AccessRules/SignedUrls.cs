using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ZlmHooks.AccessRules;

/// <summary>
/// Signed, expiring URLs: <c>expires=&lt;unix seconds&gt;&amp;kid=&lt;key id&gt;&amp;sign=&lt;base64url
/// HMAC-SHA256&gt;</c> over "action\nvhost\napp\nstream\nexpires". Keys come from settings by key
/// id, so a new key can be added and the old one removed later (rotation); never from a table.
/// </summary>
public sealed class SignedUrls(IOptions<AccessRulesOptions> options, TimeProvider clock)
{
    public enum Verdict { Valid, Missing, UnknownKey, Expired, BadSignature }

    public static string Canonical(string action, string vhost, string app, string stream, long expires) =>
        string.Join('\n', action, vhost, app, stream, expires.ToString(CultureInfo.InvariantCulture));

    /// <summary>The query string to append to a client URL (what an app server does to mint one).</summary>
    public string Sign(string keyId, string action, string vhost, string app, string stream, DateTimeOffset expiresAt)
    {
        var key = Key(keyId) ?? throw new ArgumentException($"no signing key '{keyId}' is configured: set ZlmHooks__AccessRules__SigningKeys__{keyId} to 32 or more random bytes in base64 (head -c 32 /dev/urandom | base64; ./run.sh puts one in local.settings.json), then restart the handler, which reads its settings at start", nameof(keyId));
        var expires = expiresAt.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Canonical(action, vhost, app, stream, expires)));
        return $"expires={expires}&kid={Uri.EscapeDataString(keyId)}&sign={StreamTokens.Base64Url(mac)}";
    }

    public Verdict Verify(string action, string vhost, string app, string stream, string? expires, string? keyId, string? sign, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (string.IsNullOrEmpty(sign) || string.IsNullOrEmpty(expires)) return Verdict.Missing;
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || unix > 253402300799) return Verdict.BadSignature;
        var key = Key(string.IsNullOrEmpty(keyId) ? "default" : keyId);
        if (key is null) return Verdict.UnknownKey;

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Canonical(action, vhost, app, stream, unix)), expected);
        Span<byte> presented = stackalloc byte[64];
        if (!TryDecodeBase64Url(sign, presented, out var length) || !CryptographicOperations.FixedTimeEquals(expected, presented[..length]))
            return Verdict.BadSignature;
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(unix);
        return expiresAt <= clock.GetUtcNow() ? Verdict.Expired : Verdict.Valid;
    }

    private byte[]? Key(string keyId)
    {
        if (!options.Value.SigningKeys.TryGetValue(keyId, out var encoded) || string.IsNullOrWhiteSpace(encoded)) return null;
        try
        {
            var key = Convert.FromBase64String(encoded.Trim());
            return key.Length >= 32 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool TryDecodeBase64Url(string text, Span<byte> output, out int written)
    {
        written = 0;
        if (text.Length > 86) return false;
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Convert.TryFromBase64String(padded, output, out written);
    }
}
