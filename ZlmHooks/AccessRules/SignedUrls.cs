using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ZlmHooks.AccessRules;

/// <summary>
/// Signed, expiring URLs: <c>expires=&lt;unix seconds&gt;&amp;kid=&lt;key id&gt;&amp;sign=&lt;base64url
/// HMAC-SHA256&gt;</c> over "action\nvhost\napp\nstream\nexpires", optionally bound to the viewer's
/// address range with <c>ip=&lt;address or CIDR&gt;</c>, which is then signed too ("...\nexpires\nip"):
/// a leaked URL works only from that range. Keys come from settings by key id, so a new key can be
/// added and the old one removed later (rotation); never from a table.
/// </summary>
public sealed class SignedUrls(IOptions<AccessRulesOptions> options, TimeProvider clock)
{
    public enum Verdict { Valid, Missing, UnknownKey, Expired, BadSignature, OtherClient }

    /// <summary>An HMAC-SHA256 (32 bytes) in unpadded base64url.</summary>
    private const int SignLength = 43;

    /// <param name="clientRange">The address range the URL is bound to, as written in it; null: any client.</param>
    public static string Canonical(string action, string vhost, string app, string stream, long expires, string? clientRange = null)
    {
        var text = string.Join('\n', action, vhost, app, stream, expires.ToString(CultureInfo.InvariantCulture));
        return clientRange is null ? text : text + "\n" + clientRange;
    }

    /// <summary>The query string to append to a client URL (what an app server does to mint one).</summary>
    /// <param name="clientRange">Binds the URL to clients in this address or CIDR range.</param>
    public string Sign(string keyId, string action, string vhost, string app, string stream, DateTimeOffset expiresAt, string? clientRange = null)
    {
        if (clientRange is not null && !ClientAddress.TryParseRange(clientRange, out _))
            throw new ArgumentException($"'{clientRange}' is not an address or a CIDR range (10.1.2.3, 10.1.2.0/24, 2001:db8::/32; no host bits set)", nameof(clientRange));
        var key = Key(keyId) ?? throw new ArgumentException($"no signing key '{keyId}' is configured: set ZlmHooks__AccessRules__SigningKeys__{keyId} to 32 or more random bytes in base64 (head -c 32 /dev/urandom | base64; ./run.sh puts one in local.settings.json), then restart the handler, which reads its settings at start", nameof(keyId));
        var expires = expiresAt.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Canonical(action, vhost, app, stream, expires, clientRange)));
        var bound = clientRange is null ? "" : "&ip=" + Uri.EscapeDataString(clientRange);
        return $"expires={expires}&kid={Uri.EscapeDataString(keyId)}{bound}&sign={StreamTokens.Base64Url(mac)}";
    }

    /// <param name="clientRange">The URL's <c>ip</c> parameter, if it has one.</param>
    /// <param name="clientIp">The address of the client presenting the URL.</param>
    public Verdict Verify(string action, string vhost, string app, string stream, string? expires, string? keyId, string? sign,
        string? clientRange, string? clientIp, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (string.IsNullOrEmpty(sign) || string.IsNullOrEmpty(expires)) return Verdict.Missing;
        // Only the spelling Sign writes: "0123" or "+123" would be another URL for the same signature.
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || unix > 253402300799
            || expires != unix.ToString(CultureInfo.InvariantCulture))
            return Verdict.BadSignature;
        var key = Key(string.IsNullOrEmpty(keyId) ? "default" : keyId);
        if (key is null) return Verdict.UnknownKey;

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Canonical(action, vhost, app, stream, unix, clientRange)), expected);
        // The MAC is compared as Sign writes it (unpadded base64url, 43 characters), not decoded: a
        // decoder also reads '=' padding, the '+/' alphabet and other unused bits in the last
        // character, so one signature would have many spellings. The length is no secret.
        Span<byte> canonical = stackalloc byte[SignLength];
        Base64Url.EncodeToUtf8(expected, canonical);
        Span<byte> presented = stackalloc byte[SignLength];
        if (sign.Length != SignLength || Encoding.ASCII.GetBytes(sign, presented) != SignLength
            || !CryptographicOperations.FixedTimeEquals(canonical, presented))
            return Verdict.BadSignature;
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(unix);
        if (expiresAt <= clock.GetUtcNow()) return Verdict.Expired;
        // Signed, so the range is the signer's: the client must be in it (an unreadable address is not).
        return clientRange is null || ClientAddress.InAny([clientRange], clientIp) ? Verdict.Valid : Verdict.OtherClient;
    }

    /// <summary>A base64 key of at least 32 bytes, decoded; null for anything else.</summary>
    public static byte[]? Decode(string? encoded)
    {
        if (string.IsNullOrWhiteSpace(encoded)) return null;
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

    private byte[]? Key(string keyId) =>
        options.Value.SigningKeys.TryGetValue(keyId, out var encoded) ? Decode(encoded) : null;
}
