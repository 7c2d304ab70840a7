using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>JWTs as a play and publish credential (issue 20), on real Azurite, with the issuer's
/// OpenID configuration and key set served on loopback by the test (an identity provider of its own).</summary>
public sealed class JwtTests
{
    public const string Issuer = "https://id.example.test/";
    public const string Audience = "zlmhooks-e2e";
    private const string SharedKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm";

    /// <summary>The test's identity provider: an OpenID configuration naming its key set, the key set
    /// (replaceable, to rotate keys), and how often each was fetched. Stop it to make it unreachable.</summary>
    public sealed class IdentityProvider : IAsyncDisposable
    {
        private WebApplication _app = null!;
        public Uri Address { get; private set; } = null!;
        public List<SecurityKey> Published { get; } = [];
        private int _keySetFetches;
        public int KeySetFetches => Volatile.Read(ref _keySetFetches);

        public static async Task<IdentityProvider> StartAsync(params SecurityKey[] keys)
        {
            var idp = new IdentityProvider();
            idp.Published.AddRange(keys);
            (idp._app, idp.Address) = await LoopbackServer.StartAsync(app =>
            {
                app.MapGet("/.well-known/openid-configuration", (HttpContext http) =>
                    Results.Text($$"""{"issuer":"{{Issuer}}","jwks_uri":"{{idp.Address}}keys"}""", "application/json"));
                app.MapGet("/keys", () =>
                {
                    Interlocked.Increment(ref idp._keySetFetches);
                    return Results.Text(JsonSerializer.Serialize(new { keys = idp.Published.Select(Jwk) }), "application/json");
                });
            });
            return idp;
        }

        public string Configuration => $"{Address}.well-known/openid-configuration";

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private static Dictionary<string, string> Jwk(SecurityKey key) => key switch
        {
            RsaSecurityKey rsa when rsa.Rsa.ExportParameters(false) is var p => new()
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            },
            ECDsaSecurityKey ec when ec.ECDsa.ExportParameters(false) is var p => new()
            {
                ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["crv"] = "P-256", ["kid"] = key.KeyId,
                ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
            },
            _ => throw new ArgumentException("RSA or EC keys only", nameof(key)),
        };
    }

    public static RsaSecurityKey Rsa(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    /// <summary>A token as an app server mints one with Microsoft.IdentityModel (docs/access-rules.md).</summary>
    public static string Mint(SecurityKey key, string algorithm, object action, string? app = "live", string? stream = null,
        string issuer = Issuer, string audience = Audience, TimeSpan? expiresIn = null, TimeSpan? notBeforeIn = null, bool noExpiry = false)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["action"] = action };
        if (app is not null) claims["app"] = app;
        if (stream is not null) claims["stream"] = stream;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        var notBefore = now + (notBeforeIn ?? TimeSpan.FromMinutes(-1));
        if (notBefore >= expires) notBefore = expires.AddMinutes(-5);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = noExpiry ? null : expires,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    private static Dictionary<string, string?> Settings(string? keysUrl, string? sharedKey = null) => new()
    {
        ["ZlmHooks:AccessRules:Jwt:Issuer"] = Issuer,
        ["ZlmHooks:AccessRules:Jwt:Audience"] = Audience,
        ["ZlmHooks:AccessRules:Jwt:KeysUrl"] = keysUrl,
        ["ZlmHooks:AccessRules:Jwt:SharedKey"] = sharedKey,
        ["ZlmHooks:AccessRules:CacheSeconds"] = "0",
    };

    private static Task JwtRule(StorageApp s) =>
        s.AdminAsync("rules", "add", "--id", "viewers", "--action", "play", "--app", "live", "--stream", "cam*", "--effect", "credential", "--credentials", "jwt,token");

    private static async Task<string> PlayAsync(StorageApp s, string parameters, string stream = "cam1")
    {
        var reply = await s.PostAsync("on_play", StorageApp.Play(stream, parameters));
        return reply.Code() == 0 ? "allowed" : reply.Msg();
    }

    [Fact]
    public async Task Tokens_signed_with_the_issuers_published_keys_are_checked_for_issuer_audience_time_and_what_they_allow()
    {
        var rsa = Rsa("r1");
        var ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "e1" };
        await using var idp = await IdentityProvider.StartAsync(rsa, ec);
        await using var s = await StorageApp.StartAsync(Settings(idp.Configuration));
        await JwtRule(s);

        var good = Mint(rsa, SecurityAlgorithms.RsaSha256, "play");
        Assert.Equal("allowed", await PlayAsync(s, $"jwt={good}"));
        Assert.Equal("allowed", await PlayAsync(s, $"token={good}"));           // a JWT in token= is read as one
        Assert.Equal("allowed", await PlayAsync(s, $"jwt={Mint(ec, SecurityAlgorithms.EcdsaSha256, new[] { "publish", "play" }, app: "li*", stream: "cam1")}"));

        Assert.Contains("JWT has expired", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "play", expiresIn: TimeSpan.FromMinutes(-5))}"));
        Assert.Equal("allowed", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "play", expiresIn: TimeSpan.FromSeconds(-10))}")); // within the skew
        Assert.Contains("JWT is not valid yet", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "play", notBeforeIn: TimeSpan.FromMinutes(5))}"));
        Assert.Contains("JWT has no expiry", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "play", noExpiry: true)}"));
        Assert.Contains("JWT is for another audience", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "play", audience: "someone-else")}"));
        Assert.Contains("JWT is from another issuer", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "play", issuer: "https://evil.example.test/")}"));
        // The right key id, another key: the signature is what counts.
        Assert.Contains("JWT signature does not match", await PlayAsync(s, $"jwt={Mint(Rsa("r1"), SecurityAlgorithms.RsaSha256, "play")}"));
        Assert.Contains("JWT does not allow play", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "publish")}"));
        Assert.Contains("JWT does not cover this stream", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "play", stream: "cam2")}"));
        Assert.Contains("JWT does not cover this app", await PlayAsync(s, $"jwt={Mint(rsa, SecurityAlgorithms.RsaSha256, "play", app: "vod")}"));
        // No signature, or a shared-key token where only the issuer's keys are configured.
        var unsigned = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + good.Split('.')[1] + ".";
        Assert.Contains("JWT algorithm 'none' is not accepted", await PlayAsync(s, $"jwt={unsigned}"));
        Assert.Contains("JWT algorithm 'HS256' is not accepted", await PlayAsync(s, $"jwt={Mint(new SymmetricSecurityKey(Convert.FromBase64String(SharedKey)), SecurityAlgorithms.HmacSha256, "play")}"));
        Assert.Contains("JWT is malformed", await PlayAsync(s, "jwt=eyJhbGciOi.not.json"));
        Assert.Contains("requires a credential: token or JWT", await PlayAsync(s, ""));
        Assert.Equal(1, idp.KeySetFetches);

        // The issuer rotates: a token with the new key id makes one fetch, and passes.
        var next = Rsa("r2");
        idp.Published.Add(next);
        Assert.Equal("allowed", await PlayAsync(s, $"jwt={Mint(next, SecurityAlgorithms.RsaSha256, "play")}"));
        Assert.Equal(2, idp.KeySetFetches);
        // Made-up key ids right after do not make the issuer's key set a target.
        for (var i = 0; i < 5; i++)
            Assert.Contains("JWT signature does not match", await PlayAsync(s, $"jwt={Mint(Rsa("made-up-" + i), SecurityAlgorithms.RsaSha256, "play")}"));
        Assert.Equal(2, idp.KeySetFetches);

        Assert.DoesNotContain(s.App.Logs.Lines, l => l.Contains(good, StringComparison.Ordinal) || l.Contains(good.Split('.')[2], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_keys_refuse_every_jwt_at_first_and_past_their_age_but_not_in_between()
    {
        var rsa = Rsa("r1");
        var token = Mint(rsa, SecurityAlgorithms.RsaSha256, "play", expiresIn: TimeSpan.FromDays(3));
        var idp = await IdentityProvider.StartAsync(rsa);
        var keysUrl = idp.Configuration;
        await idp.DisposeAsync();

        // Never fetched: refused, and said why.
        await using (var never = await StorageApp.StartAsync(Settings(keysUrl)))
        {
            await JwtRule(never);
            Assert.Contains("JWT issuer's signing keys are unavailable", await PlayAsync(never, $"jwt={token}"));
            Assert.Contains(never.App.Logs.Lines, l => l.Contains("JWT signing keys from 127.0.0.1", StringComparison.Ordinal) && l.Contains("every JWT is refused", StringComparison.Ordinal));
        }

        await using var again = await IdentityProvider.StartAsync(rsa);
        await using var s = await StorageApp.StartAsync(Settings(again.Configuration));
        await JwtRule(s);
        Assert.Equal("allowed", await PlayAsync(s, $"jwt={token}"));
        await again.DisposeAsync();
        // Due for a refresh that fails: the cached keys keep deciding...
        s.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal("allowed", await PlayAsync(s, $"jwt={token}"));
        Assert.Contains(s.App.Logs.Lines, l => l.Contains("the cached keys keep deciding", StringComparison.Ordinal));
        // ...until they are older than KeysMaxAgeMinutes (a day): then none do.
        s.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Contains("JWT issuer's signing keys are unavailable", await PlayAsync(s, $"jwt={token}"));
    }

    [Fact]
    public async Task Jwt_check_says_what_the_handler_would_say_without_storage()
    {
        var rsa = Rsa("r1");
        await using var idp = await IdentityProvider.StartAsync(rsa);
        var settings = Settings(idp.Configuration);
        var output = new StringWriter();
        string[] check = ["jwt", "check", "--app", "live", "--stream", "cam1", "--token"];
        Assert.Equal(0, await ZlmHooks.Cli.AdminCommands.RunAsync([.. check, Mint(rsa, SecurityAlgorithms.RsaSha256, "play")], output, settings));
        Assert.StartsWith("accepted: valid until 20", output.ToString(), StringComparison.Ordinal);
        output = new StringWriter();
        Assert.Equal(1, await ZlmHooks.Cli.AdminCommands.RunAsync([.. check, Mint(rsa, SecurityAlgorithms.RsaSha256, "play", audience: "other"), "--action", "play"], output, settings));
        Assert.Contains("refused: JWT is for another audience", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>docs/access-rules.md's shell recipe, run as written (with the key filled in): its token plays.</summary>
    [Fact]
    public async Task The_documented_shell_recipe_mints_a_token_the_handler_accepts()
    {
        var docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "access-rules.md"));
        var block = docs[docs.IndexOf("Minting an HS256 token", StringComparison.Ordinal)..];
        block = block[(block.IndexOf("```sh\n", StringComparison.Ordinal) + 6)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        var script = block.Replace("KEY_B64='...'", $"KEY_B64='{SharedKey}'", StringComparison.Ordinal);
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var bash = System.Diagnostics.Process.Start(start)!;
        var url = (await bash.StandardOutput.ReadToEndAsync()).Trim();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, await bash.StandardError.ReadToEndAsync());
        var parameters = new Uri(url).Query.TrimStart('?');
        Assert.StartsWith("jwt=eyJ", parameters, StringComparison.Ordinal);

        var settings = Settings(null, SharedKey);
        settings["ZlmHooks:AccessRules:Jwt:Issuer"] = "https://id.example.net/";
        settings["ZlmHooks:AccessRules:Jwt:Audience"] = "zlmhooks";
        await using var s = await StorageApp.StartAsync(settings);
        await JwtRule(s);
        Assert.Equal("allowed", await PlayAsync(s, parameters));
        Assert.Contains("JWT does not cover this stream", await PlayAsync(s, parameters, stream: "cam2"));
    }

    [Fact]
    public async Task A_shared_key_admits_hs256_tokens_signed_with_it_only_and_bad_settings_stop_the_start()
    {
        await using var s = await StorageApp.StartAsync(Settings(null, SharedKey));
        await s.AdminAsync("rules", "add", "--id", "pushers", "--action", "publish", "--app", "live", "--stream", "*", "--effect", "credential", "--credentials", "jwt");
        var key = new SymmetricSecurityKey(Convert.FromBase64String(SharedKey));
        var publish = await s.PostAsync("on_publish", StorageApp.Play("cam9", $"jwt={Mint(key, SecurityAlgorithms.HmacSha256, "publish")}"));
        Assert.Equal(0, publish.Code());
        var other = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        Assert.Contains("JWT signature does not match", (await s.PostAsync("on_publish", StorageApp.Play("cam9", $"jwt={Mint(other, SecurityAlgorithms.HmacSha256, "publish")}"))).Msg());
        Assert.Contains("JWT algorithm 'RS256' is not accepted", (await s.PostAsync("on_publish", StorageApp.Play("cam9", $"jwt={Mint(Rsa("r1"), SecurityAlgorithms.RsaSha256, "publish")}"))).Msg());

        // An issuer's keys without an issuer and audience to check would accept anyone's token.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:Jwt:SharedKey"] = SharedKey }));
        Assert.Contains("Issuer and __Audience", error.ToString(), StringComparison.Ordinal);
        // JWTs are for streams: an HTTP rule cannot ask for one.
        Assert.Contains("JWTs apply to publish and play rules", ZlmHooks.AccessRules.AccessRuleValidation.Problem(new ZlmHooks.AccessRules.AccessRule
        {
            Id = "files", Action = ZlmHooks.AccessRules.RuleActions.Http, Path = "/live/", Effect = ZlmHooks.AccessRules.RuleEffect.Credential, Credentials = ZlmHooks.AccessRules.CredentialKinds.Jwt,
        }));
    }
}
