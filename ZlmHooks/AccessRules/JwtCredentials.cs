using System.Buffers.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ZlmHooks.AccessRules;

/// <summary>
/// JWTs as a play or publish credential (<c>?jwt=</c>, or <c>?token=</c> when it has a JWT's shape),
/// validated by Microsoft.IdentityModel: the signature (RS256/ES256 with the issuer's keys, or HS256
/// with the shared key; no other algorithm, never <c>none</c>), <c>iss</c>, <c>aud</c>, <c>exp</c>
/// (required) and <c>nbf</c> within the clock skew. What a token allows is in its claims:
/// <c>action</c> (<c>play</c>, <c>publish</c>, or an array of them; required), and <c>vhost</c>,
/// <c>app</c>, <c>stream</c> as rule patterns (exact, <c>prefix*</c> or <c>*</c>; absent means <c>*</c>,
/// the rule's own match still applies). docs/access-rules.md says how to mint one.
/// </summary>
public sealed class JwtCredentials(JwtKeys keys, IOptions<JwtOptions> options)
{
    private static readonly string[] Asymmetric = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    // Settings are read once at start: one key object for every token, not one per token.
    private readonly SymmetricSecurityKey? _sharedKey = SignedUrls.Decode(options.Value.SharedKey) is { } shared ? new(shared) : null;

    /// <param name="StreamScope">The token's <c>stream</c> claim (<c>*</c> when absent): what it covers.</param>
    public sealed record Verdict(bool Valid, string Reason, DateTimeOffset? Until = null, string StreamScope = Pattern.Any);

    /// <summary>Three base64url parts, the first a JSON object: what a static token never looks like.</summary>
    public static bool LooksLikeJwt(string? value) =>
        value is { Length: > 20 } && value.StartsWith("eyJ", StringComparison.Ordinal) && value.Count(c => c == '.') == 2;

    public async Task<Verdict> VerifyAsync(string jwt, string action, string vhost, string app, string stream, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Configured || string.IsNullOrWhiteSpace(o.Issuer) || string.IsNullOrWhiteSpace(o.Audience))
            return new(false, "JWTs are not configured (ZlmHooks__AccessRules__Jwt__Issuer, __Audience, and __KeysUrl or __SharedKey)");
        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(jwt);
        }
        catch (ArgumentException)
        {
            return new(false, "JWT is malformed");
        }
        // The signature only as its signer wrote it (unpadded base64url): the library also reads it
        // with '=' padding, so one token would have several spellings.
        if (!IsCanonicalBase64Url(jwt.AsSpan(jwt.LastIndexOf('.') + 1)))
            return new(false, "JWT signature does not match");

        List<SecurityKey> signingKeys;
        string[] algorithms;
        if (Asymmetric.Contains(token.Alg) && !string.IsNullOrWhiteSpace(o.KeysUrl))
        {
            if (await keys.GetAsync(token.Kid, cancellationToken) is not { } published)
                return new(false, "JWT issuer's signing keys are unavailable");
            (signingKeys, algorithms) = ([.. published], Asymmetric);
        }
        else if (token.Alg == SecurityAlgorithms.HmacSha256 && _sharedKey is not null)
            (signingKeys, algorithms) = ([_sharedKey], [SecurityAlgorithms.HmacSha256]);
        else
            return new(false, $"JWT algorithm '{token.Alg}' is not accepted here");

        var result = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = o.Issuer,
            ValidAudience = o.Audience,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = algorithms,
            ClockSkew = TimeSpan.FromSeconds(o.ClockSkewSeconds),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        });
        if (!result.IsValid) return new(false, Why(result.Exception));

        var claims = result.ClaimsIdentity;
        var actions = claims.FindAll("action").Select(c => c.Value).ToList();
        if (actions.Count == 0) return new(false, "JWT has no 'action' claim");
        if (!actions.Contains(action, StringComparer.Ordinal)) return new(false, $"JWT does not allow {action} ('action' claim)");
        foreach (var (name, value) in new[] { ("vhost", vhost), ("app", app), ("stream", stream) })
        {
            var pattern = claims.FindFirst(name)?.Value ?? Pattern.Any;
            if (Pattern.Problem(pattern, name) is not null) return new(false, $"JWT claim '{name}' is not a pattern");
            if (!Pattern.Matches(pattern, value)) return new(false, $"JWT does not cover this {name} ('{name}' claim)");
        }
        return new(true, "JWT accepted", new DateTimeOffset(token.ValidTo, TimeSpan.Zero), claims.FindFirst("stream")?.Value ?? Pattern.Any);
    }

    private static bool IsCanonicalBase64Url(ReadOnlySpan<char> text)
    {
        if (!Base64Url.IsValid(text, out var length)) return false;
        Span<byte> bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Span<char> again = text.Length <= 2048 ? stackalloc char[text.Length] : new char[text.Length];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && Base64Url.TryEncodeToChars(bytes[..written], again, out var chars)
            && again[..chars].SequenceEqual(text);
    }

    private static string Why(Exception? error) => error switch
    {
        SecurityTokenExpiredException => "JWT has expired",
        SecurityTokenNotYetValidException => "JWT is not valid yet",
        SecurityTokenNoExpirationException => "JWT has no expiry",
        SecurityTokenInvalidAudienceException => "JWT is for another audience",
        SecurityTokenInvalidIssuerException => "JWT is from another issuer",
        SecurityTokenInvalidAlgorithmException => "JWT algorithm is not accepted here",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "JWT signature does not match",
        _ => "JWT is not valid",
    };
}
