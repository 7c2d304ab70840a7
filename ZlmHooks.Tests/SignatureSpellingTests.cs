using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ZlmHooks.AccessRules;

namespace ZlmHooks.Tests;

/// <summary>Issue 29, D7: a signed URL is accepted only as it was signed. The same MAC written another
/// way (other unused bits in the last character, '=' padding, the '+/' alphabet) or the same time
/// written another way (a leading zero, a sign, whitespace) is a different URL, and refused. A JWT's
/// signature likewise: only as its signer wrote it.</summary>
public sealed class SignatureSpellingTests
{
    private const string Key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly SignedUrls Signer = new(Options.Create(new AccessRulesOptions { SigningKeys = { ["default"] = Key } }), TimeProvider.System);

    /// <summary>A signed URL's expires and sign for a stream whose signature has a '-' or '_' (so the
    /// '+/' spelling differs), found by trying stream names in order.</summary>
    private static (string Stream, string Expires, string Sign) Signed()
    {
        for (var i = 0; ; i++)
        {
            var stream = "cam" + i.ToString(CultureInfo.InvariantCulture);
            var query = System.Web.HttpUtility.ParseQueryString(Signer.Sign("default", "play", "__defaultVhost__", "live", stream, DateTimeOffset.UtcNow.AddHours(1)));
            if (query["sign"]!.AsSpan().IndexOfAny('-', '_') >= 0) return (stream, query["expires"]!, query["sign"]!);
        }
    }

    private static SignedUrls.Verdict Verify(string stream, string expires, string sign) =>
        Signer.Verify("play", "__defaultVhost__", "live", stream, expires, "default", sign, null, "10.1.2.3", out _);

    public static TheoryData<string> OtherSpellingsOfTheSignature() => ["last character's unused bits", "padding", "+/ alphabet", "trailing whitespace"];

    [Fact]
    public void The_signature_as_signed_is_accepted()
    {
        var (stream, expires, sign) = Signed();
        Assert.Equal(43, sign.Length);
        Assert.Equal(SignedUrls.Verdict.Valid, Verify(stream, expires, sign));
    }

    [Theory]
    [MemberData(nameof(OtherSpellingsOfTheSignature))]
    public void Another_spelling_of_the_same_signature_is_refused(string spelling)
    {
        var (stream, expires, sign) = Signed();
        var last = Alphabet.IndexOf(sign[^1], StringComparison.Ordinal);
        string[] others = spelling switch
        {
            // 43 characters hold 258 bits for a 256-bit MAC: the last one's two low bits are unused.
            "last character's unused bits" => [.. new[] { 1, 2, 3 }.Select(bits => sign[..^1] + Alphabet[last ^ bits])],
            "padding" => [sign + "="],
            "+/ alphabet" => [sign.Replace('-', '+').Replace('_', '/')],
            _ => [sign + " ", " " + sign],
        };
        foreach (var other in others)
            Assert.Equal(SignedUrls.Verdict.BadSignature, Verify(stream, expires, other));
    }

    [Theory]
    [InlineData("0{0}")]
    [InlineData("00{0}")]
    [InlineData("+{0}")]
    [InlineData(" {0}")]
    [InlineData("{0} ")]
    [InlineData("{0}.0")]
    public void Another_spelling_of_the_expiry_is_refused(string spelling)
    {
        var (stream, expires, sign) = Signed();
        Assert.Equal(SignedUrls.Verdict.BadSignature, Verify(stream, string.Format(CultureInfo.InvariantCulture, spelling, expires), sign));
    }

    [Fact]
    public async Task A_jwt_is_accepted_only_with_its_signature_as_signed()
    {
        var options = Options.Create(new JwtOptions { Issuer = JwtTests.Issuer, Audience = JwtTests.Audience, SharedKey = Key });
        using var keys = new JwtKeys(null!, options, TimeProvider.System, NullLogger<JwtKeys>.Instance);
        var jwts = new JwtCredentials(keys, options);
        var jwt = JwtTests.Mint(new SymmetricSecurityKey(Convert.FromBase64String(Key)), SecurityAlgorithms.HmacSha256, "play");
        Task<JwtCredentials.Verdict> VerifyAsync(string token) => jwts.VerifyAsync(token, "play", "__defaultVhost__", "live", "cam1", CancellationToken.None);
        Assert.True((await VerifyAsync(jwt)).Valid);

        var last = Alphabet.IndexOf(jwt[^1], StringComparison.Ordinal);
        foreach (var other in new[] { 1, 2, 3 }.Select(bits => jwt[..^1] + Alphabet[last ^ bits]).Append(jwt + "="))
        {
            var verdict = await VerifyAsync(other);
            Assert.False(verdict.Valid, other);
            Assert.Equal("JWT signature does not match", verdict.Reason);
        }
    }
}
