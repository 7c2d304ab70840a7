using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ZlmHooks.AccessRules;

/// <summary>
/// The issuer's signing keys, fetched from <see cref="JwtOptions.KeysUrl"/> and cached: fetched again
/// after <see cref="JwtOptions.KeysRefreshMinutes"/>, or when a token names a key id the cache does not
/// have (at most every <see cref="UnknownKidInterval"/>, so tokens with made-up key ids cannot make us
/// hammer the issuer). While the issuer is unreachable the cached keys keep deciding up to
/// <see cref="JwtOptions.KeysMaxAgeMinutes"/>, then none do.
/// </summary>
public sealed partial class JwtKeys(IHttpClientFactory clients, IOptions<JwtOptions> options, TimeProvider clock, ILogger<JwtKeys> logger) : IDisposable
{
    public const string ClientName = "jwt-keys";
    public static readonly TimeSpan UnknownKidInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private (IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt)? _cached;
    private DateTimeOffset _lastUnknownKidFetch = DateTimeOffset.MinValue;
    // After a failed fetch, calls do not try again for a while: an unreachable issuer is not asked at request rate.
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    /// <summary>The keys to validate with, or null when none are usable (never fetched, or too old).</summary>
    public async Task<IReadOnlyList<SecurityKey>?> GetAsync(string? kid, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cached = _cached;
        var stale = cached is null || now - cached.Value.FetchedAt > TimeSpan.FromMinutes(options.Value.KeysRefreshMinutes);
        var unknownKid = kid is not null && cached is not null && !cached.Value.Keys.Any(k => k.KeyId == kid)
            && now - _lastUnknownKidFetch > UnknownKidInterval;
        if ((stale || unknownKid) && now >= _retryAt)
        {
            await _fetching.WaitAsync(cancellationToken);
            try
            {
                // Unless another call fetched while this one waited.
                if (_cached?.FetchedAt == cached?.FetchedAt && clock.GetUtcNow() >= _retryAt)
                {
                    if (unknownKid) _lastUnknownKidFetch = now;
                    await FetchAsync(cancellationToken);
                }
            }
            finally
            {
                _fetching.Release();
            }
        }
        cached = _cached;
        if (cached is null || now - cached.Value.FetchedAt > TimeSpan.FromMinutes(options.Value.KeysMaxAgeMinutes)) return null;
        return cached.Value.Keys;
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.KeysUrl!;
        try
        {
            using var client = clients.CreateClient(ClientName);
            var document = await GetAsync(client, url, cancellationToken);
            // An OpenID configuration names its key set; a key set is what we want.
            if (document.Contains("\"jwks_uri\"", StringComparison.Ordinal))
            {
                var configuration = new OpenIdConnectConfiguration(document);
                document = await GetAsync(client, configuration.JwksUri, cancellationToken);
            }
            var keys = new JsonWebKeySet(document).GetSigningKeys();
            if (keys.Count == 0) throw new InvalidOperationException("the key set has no signing keys");
            _cached = (keys.ToList(), clock.GetUtcNow());
            KeysFetched(keys.Count, Host(url));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            _retryAt = clock.GetUtcNow() + RetryAfterFailure;
            KeysUnavailable(Host(url), e.GetType().Name, _cached is null ? "no keys cached: every JWT is refused" : "the cached keys keep deciding");
        }
    }

    private static async Task<string> GetAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        var uri = new Uri(url);
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)))
            throw new ArgumentException("keys must be fetched over HTTPS (HTTP only on loopback)");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await client.GetStringAsync(uri, timeout.Token);
    }

    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "?";

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "JWT signing keys: {Count} fetched from {Host}")]
    private partial void KeysFetched(int count, string host);

    [LoggerMessage(EventId = 131, Level = LogLevel.Warning, Message = "JWT signing keys from {Host} unavailable ({Error}); {Consequence}")]
    private partial void KeysUnavailable(string host, string error, string consequence);

    public void Dispose() => _fetching.Dispose();
}
