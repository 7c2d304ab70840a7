namespace ZlmHooks.AccessRules;

/// <summary>JWTs from an identity provider the operator already runs (<c>ZlmHooks__AccessRules__Jwt__*</c>):
/// RS256/ES256 against the issuer's published keys, or HS256 with a shared key.</summary>
public sealed class JwtOptions
{
    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry (this deployment).</summary>
    public string? Audience { get; set; }

    /// <summary>Where the signing keys are: an OpenID configuration document (its <c>jwks_uri</c> is
    /// followed) or a JWKS document. HTTPS, or HTTP on loopback.</summary>
    public string? KeysUrl { get; set; }

    /// <summary>Base64 key (at least 32 bytes) for HS256 tokens; a Key Vault reference in Azure.</summary>
    public string? SharedKey { get; set; }

    /// <summary>Allowed difference between the issuer's clock and ours for <c>exp</c> and <c>nbf</c>.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>How long fetched keys are used before they are fetched again.</summary>
    public int KeysRefreshMinutes { get; set; } = 60;

    /// <summary>How long fetched keys keep deciding while the issuer cannot be reached; past it, every JWT
    /// is refused (fail closed).</summary>
    public int KeysMaxAgeMinutes { get; set; } = 24 * 60;

    public bool Configured => !string.IsNullOrWhiteSpace(KeysUrl) || !string.IsNullOrWhiteSpace(SharedKey);
}
