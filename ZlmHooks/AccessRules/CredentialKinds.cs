using System.Text.Json.Serialization;

namespace ZlmHooks.AccessRules;

/// <summary>Ways a client can prove it may publish or play.</summary>
[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<CredentialKinds>))]
public enum CredentialKinds
{
    None = 0,

    /// <summary><c>token=...</c> in the URL, one of the static tokens (stored as SHA-256 digests).</summary>
    Token = 1,

    /// <summary><c>expires=...&amp;sign=...&amp;kid=...</c>: an HMAC-SHA256 signed, expiring URL.</summary>
    SignedUrl = 2,

    /// <summary>RTSP digest login in <see cref="AccessRule.Realm"/> (RTSP players only).</summary>
    RtspLogin = 4,

    /// <summary><c>jwt=...</c> (or a JWT in <c>token=</c>) from the operator's identity provider (<see cref="JwtCredentials"/>).</summary>
    Jwt = 8,
}
